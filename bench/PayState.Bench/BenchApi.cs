using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Accounts;

namespace PayState.Bench;

/// The calls the runs make: a merchant's signed requests, the processor's moves, the admin's set-up.
public sealed class BenchApi(HttpClient http, Uri server, string merchantId, string apiKey, string apiSecret, string webhookSecret)
{
    public string MerchantId => merchantId;

    // Each create its own reference, as a shop's are: the server refuses an equal create signed in the same second
    // as a replay of the first.
    private static long _created;

    public string WebhookSecret => webhookSecret;

    public Uri Server => server;

    public static async Task<BenchApi> WithNewTerminalAsync(HttpClient http, Uri server)
    {
        var merchant = (await AdminAsync(http, HttpMethod.Post, new Uri(server, "admin/v1/merchants"), """{"name":"Bench"}""")).GetProperty("id").GetString()!;
        var terminal = await AdminAsync(http, HttpMethod.Post, new Uri(server, $"admin/v1/merchants/{merchant}/terminals"), "");
        return new BenchApi(http, server, merchant, terminal.GetProperty("api_key").GetString()!, terminal.GetProperty("api_secret").GetString()!,
            terminal.GetProperty("webhook_secret").GetString()!);
    }

    public BenchApi On(Uri other) => new(http, other, merchantId, apiKey, apiSecret, webhookSecret);

    /// Changes the merchant's options (admin API), e.g. where its checkouts' identification events go.
    public Task<JsonElement> UpdateMerchantAsync(object options) =>
        AdminAsync(http, HttpMethod.Patch, new Uri(server, $"admin/v1/merchants/{merchantId}"), JsonSerializer.Serialize(options));

    public async Task<string> CreateOrderAsync(string webhookUrl)
    {
        var body = JsonSerializer.Serialize(new
        {
            amount = 300, currency = "USDT", network = "ethereum", external_order_id = $"bench-{Interlocked.Increment(ref _created)}", webhook_url = webhookUrl,
        });
        using var response = await SendSignedAsync(HttpMethod.Post, "/api/public/v1/acquiring/order", Encoding.UTF8.GetBytes(body));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
    }

    public async Task<string> CreateCheckoutAsync(string notifyUrl)
    {
        var body = JsonSerializer.Serialize(new
        {
            order_ref_1 = $"bench-{Interlocked.Increment(ref _created)}", amount = 12000, currency = "EUR", notify_url = notifyUrl, return_url = "https://shop.example/thanks",
        });
        using var response = await SendSignedAsync(HttpMethod.Post, "/api/v1/checkouts", Encoding.UTF8.GetBytes(body));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString()!;
    }

    /// A merchant's signed request; throws unless it succeeded.
    public Task<HttpResponseMessage> SendSignedAsync(HttpMethod method, string path, byte[] body) => SendAsync(Presign(method, path, body));

    /// A signed request's parts, to send many times within the 300 s signature window.
    public SignedRequest Presign(HttpMethod method, string path, byte[] body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return new SignedRequest(method, new Uri(server, path), body, timestamp, RequestSignature.ComputeHex(apiSecret, timestamp, method.Method, path, body));
    }

    public async Task<HttpResponseMessage> SendAsync(SignedRequest signed)
    {
        using var request = new HttpRequestMessage(signed.Method, signed.Uri);
        if (signed.Method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(signed.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        request.Headers.TryAddWithoutValidation("X-Api-Key", apiKey);
        request.Headers.TryAddWithoutValidation("X-Timestamp", signed.Timestamp);
        request.Headers.TryAddWithoutValidation("X-Signature", signed.Signature);
        var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return response;
    }

    /// A processor move (status of an order, action of a checkout); throws unless it succeeded.
    public async Task ProcessorAsync(string path, string body, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Processor);
        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private static async Task<JsonElement> AdminAsync(HttpClient http, HttpMethod method, Uri uri, string body)
    {
        using var request = new HttpRequestMessage(method, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Admin);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}

public sealed record SignedRequest(HttpMethod Method, Uri Uri, byte[] Body, string Timestamp, string Signature);
