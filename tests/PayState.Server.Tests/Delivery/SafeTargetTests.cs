using System.Net;
using System.Text.Json;
using PayState.Server.Delivery;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// Outside sandbox mode no webhook may reach the server's own networks: refused when the URL is given
/// (literal or by its DNS answer), and again at send time, connecting to the very address that was vetted.
public abstract class SafeTargetTests(Backend backend) : IAsyncLifetime
{
    private readonly FakeHostResolver _dns = new();
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeReceiver.StartAsync();
        // Production mode, with only 127.0.0.1 opened by the operator so a local receiver can stand in for
        // a public one; every other loopback, private or special address stays refused.
        _server = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false", ["PAYSTATE_WEBHOOK_ALLOW"] = "127.0.0.1/32" },
            services: s => s.AddSingleton<IHostResolver>(_dns),
            backend: backend);
        _merchant = await _server.CreateMerchantAsync();
        await _merchant.SetWalletKeyAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Theory]
    [InlineData("http://127.0.0.2/hook", "loopback")]
    [InlineData("http://[::1]/hook", "loopback v6")]
    [InlineData("http://10.1.2.3/hook", "private")]
    [InlineData("http://172.16.0.1/hook", "private")]
    [InlineData("http://192.168.1.1/hook", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local (cloud metadata)")]
    [InlineData("http://[fe80::1]/hook", "link-local v6")]
    [InlineData("http://224.0.0.1/hook", "multicast")]
    [InlineData("http://0.0.0.0/hook", "unspecified")]
    [InlineData("http://localhost/hook", "localhost by name")]
    public async Task CreateOrder_WebhookUrlIntoOwnNetworks_IsRefusedNamingTheField(string url, string because)
    {
        using var response = await CreateAsync(url);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");

        Assert.True((int)response.StatusCode == 400, because);
        Assert.StartsWith("webhook_url:", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateOrder_HostnameResolvingToLoopback_IsRefused()
    {
        _dns.Set("innocent.example", [IPAddress.Parse("127.0.0.53")]);

        using var response = await CreateAsync("https://innocent.example/hook");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("127.0.0.53", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HostnameResolvingTo127001_WithoutOperatorAllowList_IsRefusedAtCreationAndAtSend()
    {
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_WEBHOOK_ALLOW"] = "" });
        _dns.Set("evil.example", [IPAddress.Loopback]);
        _dns.Set("flip.example", [IPAddress.Parse("93.184.215.14")], [IPAddress.Loopback]);

        using var refused = await CreateAsync($"http://evil.example:{_receiver.BaseUri.Port}/hook");
        var uuid = await CreateOrderAsync($"http://flip.example:{_receiver.BaseUri.Port}/hook");
        await _server.MoveOrderAsync(uuid, "Pending");
        var delivery = await WaitForAttemptAsync();

        Assert.Equal(400, (int)refused.StatusCode);
        Assert.Contains("127.0.0.1", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", delivery.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_receiver.All);
    }

    [Fact]
    public async Task CreateOrder_HostnameThatDoesNotResolve_IsRefused()
    {
        using var response = await CreateAsync("https://nowhere.example/hook");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("does not resolve", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminOptions_EventsWebhookResolvingToPrivateAddress_IsRefused()
    {
        _dns.Set("internal.example", [IPAddress.Parse("10.0.0.7")]);

        using var response = await _server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{_merchant.MerchantId}", """{"events_webhook":"https://internal.example/events"}""");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("events_webhook", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Send_VettedAddress_IsTheOneConnectedTo()
    {
        // The OS cannot resolve hooks.example (no such name, no network), so the webhook can only arrive if the
        // connection went to the address the policy resolved and vetted.
        _dns.Set("hooks.example", [IPAddress.Loopback]);
        var uuid = await CreateOrderAsync($"http://hooks.example:{_receiver.BaseUri.Port}/hook");

        await _server.MoveOrderAsync(uuid, "Pending");

        var webhook = await _receiver.NextAsync();
        Assert.Equal("/hook", webhook.Path);
        Assert.Equal($"hooks.example:{_receiver.BaseUri.Port}", webhook.Header("Host"));
    }

    [Fact]
    public async Task Send_DnsRebindsToForbiddenAddressAfterCreation_IsRefusedAtSendTime()
    {
        _dns.Set("rebind.example", [IPAddress.Loopback], [IPAddress.Parse("127.0.0.2")]);
        var uuid = await CreateOrderAsync($"http://rebind.example:{_receiver.BaseUri.Port}/hook");

        await _server.MoveOrderAsync(uuid, "Pending");

        var delivery = await WaitForAttemptAsync();
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Contains("127.0.0.2", delivery.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_receiver.All);
    }

    private Task<HttpResponseMessage> CreateAsync(string webhookUrl) =>
        _merchant.PostAsync("/api/public/v1/acquiring/order", JsonSerializer.Serialize(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = webhookUrl }));

    private async Task<string> CreateOrderAsync(string webhookUrl) =>
        (await _merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = webhookUrl })).GetProperty("uuid").GetString()!;

    private async Task<JsonElement> WaitForAttemptAsync()
    {
        for (var i = 0; i < 200; i++)
        {
            var list = (await _merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data");
            if (list.GetArrayLength() > 0 && list[0].GetProperty("attempts").GetInt32() > 0)
                return await _merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{list[0].GetProperty("id").GetString()}");
            await Task.Delay(25);
        }
        throw new TimeoutException("No attempt recorded.");
    }
}

public sealed class SafeTargetTestsOnSqlite() : SafeTargetTests(Backend.Sqlite);

public sealed class SafeTargetTestsOnPostgres() : SafeTargetTests(Backend.Postgres);
