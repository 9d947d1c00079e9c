using System.Globalization;
using System.Text.Json;

namespace PayState.Client;

public sealed partial class PayStateClient
{
    /// <summary>Creates a BNPL checkout.</summary>
    /// <param name="request">The checkout's fields.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The checkout's uuid and first action.</returns>
    /// <exception cref="PayStateException">The server refused the checkout.</exception>
    public Task<CreatedCheckout> CreateCheckoutAsync(CreateCheckoutRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.Serialize(request, PayStateJsonContext.Default.CreateCheckoutRequest);
        return SendJsonAsync(HttpMethod.Post, "/api/v1/checkouts", body, PayStateJsonContext.Default.CreatedCheckout, cancellationToken);
    }

    /// <summary>
    /// Reads (or long-polls) a checkout's current action through the unsigned public wait endpoint, as the shopper's browser does.
    /// </summary>
    /// <param name="uuid">The checkout's uuid.</param>
    /// <param name="timeoutSeconds">Long-poll for up to this many seconds (0 to 60), sent as <c>?timeout=</c>; null answers at once.</param>
    /// <param name="etag">The <see cref="CheckoutWait.ETag"/> of the last answer, sent as <c>If-None-Match</c>, so a change between polls is never missed.</param>
    /// <param name="cancellationToken">Cancels the request (and releases the server's hold).</param>
    /// <returns>The action, the whole answer object and its ETag.</returns>
    /// <exception cref="PayStateException">404 <c>not_found</c> for an unknown checkout.</exception>
    public async Task<CheckoutWait> WaitCheckoutAsync(string uuid, int? timeoutSeconds = null, string? etag = null, CancellationToken cancellationToken = default)
    {
        var query = PayStateHttp.Query(("timeout", timeoutSeconds?.ToString(CultureInfo.InvariantCulture)));
        var headers = etag is null ? null : new Dictionary<string, string> { ["If-None-Match"] = etag };
        var response = await SendAsync(
            HttpMethod.Get, $"/api/v1/checkout/{PayStateHttp.Segment(uuid)}/wait{query}", null, headers, sign: false, cancellationToken)
            .ConfigureAwait(false);
        using var document = JsonDocument.Parse(response.Body);
        var fields = document.RootElement.Clone();
        var action = fields.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.String
            ? a.GetString()!
            : throw new JsonException("The wait answer has no action.");
        return new CheckoutWait { Action = action, Fields = fields, ETag = response.ETag };
    }
}
