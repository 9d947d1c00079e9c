using System.Globalization;

namespace PayState.Client;

public sealed partial class PayStateClient
{
    /// <summary>Lists the merchant's events in commit order, for reconciliation.</summary>
    /// <param name="after">The <see cref="EventPage.NextCursor"/> of the previous page; null for the first.</param>
    /// <param name="limit">Page size, 1 to 500 (server default 100).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page; its cursor points past it even when it is empty, so a poller keeps calling with it.</returns>
    /// <exception cref="PayStateException">The server refused the query (e.g. a bad cursor or limit).</exception>
    public Task<EventPage> ListEventsAsync(string? after = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = PayStateHttp.Query(("after", after), ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
        return SendJsonAsync(HttpMethod.Get, $"/api/v1/events{query}", null, PayStateJsonContext.Default.EventPage, cancellationToken);
    }
}
