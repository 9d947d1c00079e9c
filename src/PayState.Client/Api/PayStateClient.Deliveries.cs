using System.Globalization;

namespace PayState.Client;

public sealed partial class PayStateClient
{
    private const string DeliveriesPath = "/api/v1/webhook-deliveries";

    /// <summary>Lists the merchant's webhook deliveries, newest first.</summary>
    /// <param name="status">Only deliveries in this status: <c>pending</c>, <c>failed</c>, <c>succeeded</c> or <c>dead</c>; null for all.</param>
    /// <param name="cursor">The <see cref="DeliveryPage.NextCursor"/> of the previous page; null for the first.</param>
    /// <param name="limit">Page size, 1 to 500 (server default 100).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>One page of deliveries.</returns>
    /// <exception cref="PayStateException">The server refused the query.</exception>
    public Task<DeliveryPage> ListDeliveriesAsync(string? status = null, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default)
    {
        var query = PayStateHttp.Query(("status", status), ("cursor", cursor), ("limit", limit?.ToString(CultureInfo.InvariantCulture)));
        return SendJsonAsync(HttpMethod.Get, $"{DeliveriesPath}{query}", null, PayStateJsonContext.Default.DeliveryPage, cancellationToken);
    }

    /// <summary>Reads one delivery with its attempt log.</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The delivery and every attempt.</returns>
    /// <exception cref="PayStateException">404 <c>not_found</c> for an unknown delivery.</exception>
    public Task<DeliveryDetail> GetDeliveryAsync(string id, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Get, $"{DeliveriesPath}/{PayStateHttp.Segment(id)}", null, PayStateJsonContext.Default.DeliveryDetail, cancellationToken);

    /// <summary>Sends a delivery again now (also a dead one, which gets one more attempt).</summary>
    /// <param name="id">The delivery's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The delivery, now <c>pending</c> and due at once.</returns>
    /// <exception cref="PayStateException">409 <c>delivery_in_flight</c> while it is being sent; 404 <c>not_found</c> for an unknown one.</exception>
    public Task<Delivery> RetryDeliveryAsync(string id, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Post, $"{DeliveriesPath}/{PayStateHttp.Segment(id)}/retry", null, PayStateJsonContext.Default.Delivery, cancellationToken);
}
