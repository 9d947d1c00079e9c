using System.Globalization;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The list's filters as they travel in the query string, and the store query they make.
public sealed record ObjectListFilter(string? Kind, string? State, string? From, string? To, string? Merchant, string? External, string? After)
{
    public const int PageSize = 50;

    public static ObjectListFilter Read(IQueryCollection query) => new(
        Value(query, "kind"), Value(query, "state"), Value(query, "from"), Value(query, "to"), Value(query, "merchant"), Value(query, "external"), Value(query, "after"));

    /// A merchant's own objects whatever the query says; dates are whole UTC days, "to" included.
    public ObjectQuery ToQuery(Viewer viewer) => new(
        viewer.MerchantId ?? Merchant, Kind, State, Day(From), Day(To)?.AddDays(1), External, PageKey(After), PageSize);

    /// The link to the next (older) page: the same filters, continuing after the last row shown.
    public string OlderUrl(PayObject last) =>
        "/?" + string.Join("&", new[] { ("kind", Kind), ("state", State), ("from", From), ("to", To), ("merchant", Merchant), ("external", External),
                ("after", $"{UnixMicros.From(last.CreatedAt).ToString(CultureInfo.InvariantCulture)}.{last.Id}") }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));

    private static string? Value(IQueryCollection query, string name) => query[name].ToString() is { Length: > 0 } v ? v.Trim() : null;

    private static DateTimeOffset? Day(string? text) =>
        DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var day)
            ? new DateTimeOffset(day, TimeSpan.Zero) : null;

    private static ObjectPageKey? PageKey(string? text)
    {
        var dot = text?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        return dot > 0 && long.TryParse(text![..dot], CultureInfo.InvariantCulture, out var micros)
            ? new ObjectPageKey(UnixMicros.ToTime(micros), text[(dot + 1)..]) : null;
    }
}
