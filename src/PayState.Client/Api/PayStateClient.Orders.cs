using System.Text.Json;

namespace PayState.Client;

public sealed partial class PayStateClient
{
    private const string OrderPath = "/api/public/v1/acquiring/order";

    /// <summary>Creates an acquiring (crypto payment) order.</summary>
    /// <param name="request">The order's fields.</param>
    /// <param name="idempotencyKey">Optional <c>Idempotency-Key</c>: a retry with the same key and body answers the same order and creates nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The created order.</returns>
    /// <exception cref="PayStateException">The server refused the order (e.g. 400 <c>invalid_request</c>, 422 <c>idempotency_key_reused</c>).</exception>
    public async Task<AcquiringOrder> CreateOrderAsync(CreateOrderRequest request, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.Serialize(request, PayStateJsonContext.Default.CreateOrderRequest);
        var headers = idempotencyKey is null ? null : new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey };
        var envelope = await SendJsonAsync(HttpMethod.Post, OrderPath, body, PayStateJsonContext.Default.AcquiringOrderEnvelope, cancellationToken, headers)
            .ConfigureAwait(false);
        return envelope.Data;
    }

    /// <summary>Reads an acquiring order of this merchant.</summary>
    /// <param name="uuid">The order's uuid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The order as it is now.</returns>
    /// <exception cref="PayStateException">404 <c>not_found</c> when no such order belongs to this merchant.</exception>
    public async Task<AcquiringOrder> GetOrderAsync(string uuid, CancellationToken cancellationToken = default)
    {
        var envelope = await SendJsonAsync(
            HttpMethod.Get, $"{OrderPath}/{PayStateHttp.Segment(uuid)}", null, PayStateJsonContext.Default.AcquiringOrderEnvelope, cancellationToken)
            .ConfigureAwait(false);
        return envelope.Data;
    }
}
