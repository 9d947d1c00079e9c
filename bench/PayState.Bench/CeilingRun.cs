using System.Net.Http.Headers;
using System.Text;
using PayState.Server.Delivery;

namespace PayState.Bench;

/// The machine's own ceiling in this run: raw HTTP from one pooled client to a Kestrel receiver that
/// answers at once, for the POST of a signed ~600-byte webhook and for the GET of a fixed body.
public static class CeilingRun
{
    public static async Task<Load.Outcome> PostsAsync(Receiver receiver, string secret, int requests, int concurrency)
    {
        using var http = Http.Pooled(concurrency);
        var body = Body();
        const string id = "evt_ceiling";
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        // The same signed body each time, as the ceiling defines it; the receiver still verifies each.
        var signature = StandardWebhookSigner.Sign(id, timestamp, body, [StandardWebhookSigner.KeyBytes(secret)]);
        var url = new Uri(receiver.Url);
        return await Load.RunAsync(requests, concurrency, async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation("webhook-id", id);
            request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation("webhook-signature", signature);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        });
    }

    public static async Task<Load.Outcome> GetsAsync(Receiver receiver, int requests, int concurrency)
    {
        using var http = Http.Pooled(concurrency);
        var url = new Uri(receiver.BaseUri, "fixed");
        return await Load.RunAsync(requests, concurrency, async _ =>
        {
            using var response = await http.GetAsync(url);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        });
    }

    // About the size of an order's status webhook without its QR code.
    private static byte[] Body() => Encoding.UTF8.GetBytes(
        $$$"""{"data":{"uuid":"ceiling-0000000001","status":"Pending","status_id":2,"amount":"300","currency":"USDT","network":"ethereum","address":"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed","external_order_id":null,"webhook_url":"http://127.0.0.1/hook","created_at":"2026-01-01T12:00:00.000000Z","updated_at":"2026-01-01T12:00:01.000000Z","transaction_end_at":null,"expired_at":"2026-01-01T12:30:00.000000Z","payment_uri":"ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=300","padding":"{{{new string('x', 40)}}}"}}""");
}
