using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// The admin API on a started server with a receiver: the calls its tests share (create and read a merchant, rotate a
/// terminal, wait for a delivery) and the checks of its answers.
public abstract class AdminApiTestBase(Backend backend) : IAsyncLifetime
{
    protected static readonly string[] MerchantFields =
        ["id", "name", "send_action_events_in_identification", "events_webhook", "piv_events_url", "webhook_params"];

    protected static readonly string[] CredentialFields = ["terminal_uuid", "api_key", "api_secret", "webhook_secret"];

    protected Backend Backend { get; } = backend;

    protected TestServer Server { get; private set; } = null!;
    protected FakeReceiver Receiver { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(backend: Backend);
        Receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    protected async Task RotateAsync(MerchantClient client)
    {
        using var response = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{client.TerminalUuid}/rotate", "");
        var rotated = await JsonAsync(response, 200);
        client.ApiSecret = rotated.GetProperty("api_secret").GetString()!;
        client.WebhookSecret = rotated.GetProperty("webhook_secret").GetString()!;
    }

    protected static Task WaitForSucceededDeliveriesAsync(MerchantClient client, int count) =>
        WaitForDeliveriesAsync(client, "?status=succeeded", data => data.GetArrayLength() >= count, $"{count} succeeded deliveries");

    protected static Task WaitForDeliveryAsync(MerchantClient client, Func<JsonElement, bool> match, string what) =>
        WaitForDeliveriesAsync(client, "", data => data.EnumerateArray().Any(match), what);

    /// Polls the deliveries API until its page's data satisfies the condition; the last page is in the failure.
    private static async Task WaitForDeliveriesAsync(MerchantClient client, string query, Func<JsonElement, bool> condition, string what)
    {
        var page = default(JsonElement);
        try
        {
            await Eventually.HoldsAsync(async () => condition((page = await client.GetJsonAsync($"/api/v1/webhook-deliveries{query}")).GetProperty("data")), what);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message} Deliveries: {page.GetRawText()}");
        }
    }

    protected async Task<string> CreateOrderWithWebhookAsync(MerchantClient client) =>
        (await client.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/x") }))
        .GetProperty("uuid").GetString()!;

    protected MerchantClient ClientFor(string merchantId, JsonElement credentials) => new(
        Server, merchantId, credentials.GetProperty("terminal_uuid").GetString()!, credentials.GetProperty("api_key").GetString()!,
        credentials.GetProperty("api_secret").GetString()!, credentials.GetProperty("webhook_secret").GetString()!);

    protected static async Task<JsonElement> GetOrderDataAsync(MerchantClient client, string uuid)
    {
        var (status, body) = await client.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        return JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
    }

    protected async Task<JsonElement> CreateAsync(string body)
    {
        using var response = await Server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", body);
        return await JsonAsync(response, 201);
    }

    protected async Task<JsonElement> GetMerchantAsync(string id)
    {
        using var response = await Server.AdminAsync(HttpMethod.Get, $"admin/v1/merchants/{id}");
        return await JsonAsync(response, 200);
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int expectedStatus)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {expectedStatus}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    protected static async Task AssertProblemAsync(HttpResponseMessage response, int status, string field)
    {
        var problem = await JsonAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        if (problem.TryGetProperty("field", out var named)) Assert.StartsWith(field, named.GetString(), StringComparison.Ordinal);
    }

    protected static void AssertSameExcept(JsonElement before, JsonElement after, params string[] changed)
    {
        var names = before.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(names, after.EnumerateObject().Select(p => p.Name));
        foreach (var name in names.Where(n => !changed.Contains(n)))
            Assert.True(before.GetProperty(name).GetRawText() == after.GetProperty(name).GetRawText(),
                $"{name} changed from {before.GetProperty(name).GetRawText()} to {after.GetProperty(name).GetRawText()}");
    }
}
