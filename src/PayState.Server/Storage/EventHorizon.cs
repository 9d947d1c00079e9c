using System.Globalization;

namespace PayState.Server.Storage;

/// With event retention on, the seq the events API lists from: every event at or below it is gone, or kept only as
/// its object's document. Kept in settings, moved on by the retention sweep in the transaction that removes events.
public static class EventHorizon
{
    public const string Setting = "events_horizon";

    public static long Parse(string? value) => value is null ? 0 : long.Parse(value, CultureInfo.InvariantCulture);

    public static string Format(long seq) => seq.ToString(CultureInfo.InvariantCulture);
}
