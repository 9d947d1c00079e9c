using System.Globalization;

namespace PayState.Server.Metrics;

/// When an event was committed, read from its id: event ids are "evt_" and a version 7 UUID, whose first 48
/// bits are the Unix time in milliseconds. Saves the dispatcher a column it would read only for a metric.
internal static class EventTime
{
    public static DateTimeOffset? Of(string eventId) =>
        eventId.Length >= 16 && eventId.StartsWith("evt_", StringComparison.Ordinal)
        && long.TryParse(eventId.AsSpan(4, 12), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;
}
