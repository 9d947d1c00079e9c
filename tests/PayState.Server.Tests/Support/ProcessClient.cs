using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Accounts;

namespace PayState.Server.Tests.Support;

/// Calls a server process's APIs with real time: the admin and processor tokens, and a terminal's signature. Like
/// MerchantClient, it never repeats the signature of a POST by itself (the server refuses a repeat as a replay): a
/// test's loop sends equal creates within one second, so a repeat is stamped a second earlier until it is new.
public sealed class ProcessClient(HttpClient http)
{
    private readonly HashSet<string> _sent = [];

    public string ApiKey { get; private set; } = "";

    public string ApiSecret { get; private set; } = "";

    public string WebhookSecret { get; private set; } = "";

    /// A merchant with a terminal whose credentials this client then signs with.
    public async Task<ProcessClient> CreateMerchantAsync(Uri server, string name = "Shop")
    {
        var merchant = await SendAsync(Bearer(HttpMethod.Post, new Uri(server, "admin/v1/merchants"), JsonSerializer.Serialize(new { name }), TestServer.AdminToken), 201);
        var terminal = await SendAsync(Bearer(HttpMethod.Post, new Uri(server, $"admin/v1/merchants/{merchant.GetProperty("id").GetString()}/terminals"), "", TestServer.AdminToken), 201);
        ApiKey = terminal.GetProperty("api_key").GetString()!;
        ApiSecret = terminal.GetProperty("api_secret").GetString()!;
        WebhookSecret = terminal.GetProperty("webhook_secret").GetString()!;
        return this;
    }

    public Task<JsonElement> MerchantAsync(Uri server, HttpMethod method, string pathAndQuery, string? body = null, int expected = 200) =>
        SendAsync(Signed(server, method, pathAndQuery, body), expected);

    public Task<JsonElement> ProcessorAsync(Uri server, string path, string body) =>
        SendAsync(Bearer(HttpMethod.Post, new Uri(server, path), body, TestServer.ProcessorToken), 200);

    public HttpRequestMessage Signed(Uri server, HttpMethod method, string pathAndQuery, string? body)
    {
        var seconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var timestamp = seconds.ToString(CultureInfo.InvariantCulture);
        var signature = RequestSignature.ComputeHex(ApiSecret, timestamp, method.Method, pathAndQuery, bytes);
        lock (_sent)
        {
            while (method != HttpMethod.Get && !_sent.Add(signature))
            {
                timestamp = (--seconds).ToString(CultureInfo.InvariantCulture);
                signature = RequestSignature.ComputeHex(ApiSecret, timestamp, method.Method, pathAndQuery, bytes);
            }
        }
        var request = new HttpRequestMessage(method, new Uri(server, pathAndQuery.TrimStart('/')));
        if (body is not null) request.Content = new ByteArrayContent(bytes) { Headers = { { "Content-Type", "application/json" } } };
        request.Headers.Add("X-Api-Key", ApiKey);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", signature);
        return request;
    }

    public static HttpRequestMessage Bearer(HttpMethod method, Uri uri, string body, string token)
    {
        var request = new HttpRequestMessage(method, uri) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// Every event of the merchant, paged through to the end.
    public async Task<List<JsonElement>> AllEventsAsync(Uri server)
    {
        var events = new List<JsonElement>();
        string? cursor = null;
        while (true)
        {
            var page = await MerchantAsync(server, HttpMethod.Get, "/api/v1/events?limit=500" + (cursor is null ? "" : $"&after={cursor}"));
            var data = page.GetProperty("data");
            if (data.GetArrayLength() == 0) return events;
            events.AddRange(data.EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
        }
    }

    private async Task<JsonElement> SendAsync(HttpRequestMessage request, int expected)
    {
        using (request)
        using (var response = await http.SendAsync(request))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == expected, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}: {text}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
