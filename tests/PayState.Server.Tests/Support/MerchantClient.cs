using System.Globalization;
using System.Text;
using System.Text.Json;
using PayState.Server.Accounts;

namespace PayState.Server.Tests.Support;

/// Calls the merchant API as a merchant's code would: every request signed with the terminal's secret,
/// timestamped by the server's (fake) clock. The fake clock stands still while a test runs, so two equal requests
/// would be equal to the byte, signature included, which the server refuses as a replay when it changes something;
/// a real client's requests are seconds apart. So a POST that would repeat a signature this client sent is stamped a
/// second earlier (still inside the 300 s window) until it is new. ResendLastAsync sends a true replay.
public sealed class MerchantClient(TestServer server, string merchantId, string terminalUuid, string apiKey, string apiSecret, string webhookSecret)
{
    public string MerchantId => merchantId;
    public string TerminalUuid => terminalUuid;
    public string ApiKey => apiKey;
    public string ApiSecret { get; set; } = apiSecret;
    public string WebhookSecret { get; set; } = webhookSecret;

    private readonly HashSet<string> _sent = [];
    private (HttpMethod Method, string PathAndQuery, byte[]? Body, long Timestamp)? _last;

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? body = null, Action<HttpRequestMessage>? adjust = null) =>
        SendAsync(method, pathAndQuery, body is null ? null : Encoding.UTF8.GetBytes(body), adjust);

    /// The body as given, byte for byte: a test may send bytes that are not valid UTF-8.
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, byte[]? body, Action<HttpRequestMessage>? adjust = null)
    {
        var timestamp = server.Clock.GetUtcNow().ToUnixTimeSeconds();
        if (method != HttpMethod.Get)
        {
            lock (_sent)
            {
                while (!_sent.Add(Signature(method, pathAndQuery, body, timestamp))) timestamp--;
                _last = (method, pathAndQuery, body, timestamp);
            }
        }
        return Send(method, pathAndQuery, body, timestamp, adjust);
    }

    /// Sends the last request again exactly: the same timestamp, body and signature (adjust may change other headers).
    public Task<HttpResponseMessage> ResendLastAsync(Action<HttpRequestMessage>? adjust = null)
    {
        var (method, pathAndQuery, body, timestamp) = _last ?? throw new InvalidOperationException("Nothing was sent yet.");
        return Send(method, pathAndQuery, body, timestamp, adjust);
    }

    private string Signature(HttpMethod method, string pathAndQuery, byte[]? body, long timestamp) =>
        RequestSignature.ComputeHex(ApiSecret, timestamp.ToString(CultureInfo.InvariantCulture), method.Method, "/" + pathAndQuery.TrimStart('/'), body ?? []);

    private Task<HttpResponseMessage> Send(HttpMethod method, string pathAndQuery, byte[]? body, long timestamp, Action<HttpRequestMessage>? adjust)
    {
        var request = new HttpRequestMessage(method, new Uri(server.BaseUri, pathAndQuery.TrimStart('/')));
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json" } } };
        request.Headers.Add("X-Api-Key", apiKey);
        request.Headers.Add("X-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Signature", Signature(method, pathAndQuery, body, timestamp));
        adjust?.Invoke(request);
        return server.Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    public Task<HttpResponseMessage> PostAsync(string pathAndQuery, string body, Action<HttpRequestMessage>? adjust = null) =>
        SendAsync(HttpMethod.Post, pathAndQuery, body, adjust);

    /// Gives the terminal a wallet key of its own on the network (a fresh random one), as production needs before
    /// it takes an order there.
    public async Task SetWalletKeyAsync(string network = "ethereum")
    {
        var key = new NBitcoin.ExtKey().Derive(new NBitcoin.KeyPath("m/44'/60'/0'")).Neuter().ToString(NBitcoin.Network.Main);
        using var response = await server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{terminalUuid}",
            JsonSerializer.Serialize(new Dictionary<string, object> { ["wallets"] = new Dictionary<string, object> { [network] = new { xpub = key } } }));
        Assert.True(response.IsSuccessStatusCode, $"Setting the {network} key answered {(int)response.StatusCode}");
    }

    /// Creates an order and returns its "data" object, failing the test on anything but 201.
    public async Task<JsonElement> CreateOrderAsync(object? fields = null)
    {
        using var response = await PostAsync("/api/public/v1/acquiring/order", JsonSerializer.Serialize(fields ?? new { amount = 300, currency = "USDT", network = "ethereum" }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("data").Clone();
    }

    /// Creates a checkout (showing its first action, nobody listening for its IPN) and returns its uuid.
    public async Task<string> CreateCheckoutAsync()
    {
        using var response = await PostAsync("/api/v1/checkouts", """{"order_ref_1":"r1","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("uuid").GetString()!;
    }

    public async Task<(int Status, byte[] Body)> GetOrderAsync(string uuid)
    {
        using var response = await GetAsync($"/api/public/v1/acquiring/order/{uuid}");
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    /// Waits (real time) until no delivery of this merchant is pending: every send so far has its outcome
    /// recorded. Needed before jumping the fake clock, or a jump past the lease re-sends an unrecorded one.
    public Task WaitForDeliveriesSettledAsync() =>
        Eventually.HoldsAsync(
            async () => (await GetJsonAsync("/api/v1/webhook-deliveries?status=pending")).GetProperty("data").GetArrayLength() == 0,
            "no delivery pending");

    public Task<JsonElement> GetDeliveryAsync(string id) => GetJsonAsync($"/api/v1/webhook-deliveries/{id}");

    /// Waits (real time) until the delivery has made at least this many attempts, and returns it as it then is.
    public async Task<JsonElement> WaitForDeliveryAttemptsAsync(string id, int attempts)
    {
        var current = default(JsonElement);
        await Eventually.HoldsAsync(
            async () => (current = await GetDeliveryAsync(id)).GetProperty("attempts").GetInt32() >= attempts, $"delivery {id} at {attempts} attempts");
        return current;
    }

    /// The event a webhook carries: its webhook-id names its delivery, which names the event.
    public async Task<string> EventIdOfAsync(ReceivedRequest webhook) =>
        (await GetJsonAsync($"/api/v1/webhook-deliveries/{webhook.Header("webhook-id")}")).GetProperty("event_id").GetString()!;

    public async Task<JsonElement> GetJsonAsync(string pathAndQuery)
    {
        using var response = await GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {pathAndQuery} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
