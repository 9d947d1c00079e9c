using System.Net;
using System.Text.Json;
using PayState.Server.Http;
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

    /// Each is refused with 400 naming the field, and nothing is written (one server for the lot: each is a request).
    private static readonly (string Url, string Because)[] OwnNetworks =
    [
        ("http://127.0.0.2/hook", "loopback"),
        ("http://[::1]/hook", "loopback v6"),
        ("http://10.1.2.3/hook", "private"),
        ("http://172.16.0.1/hook", "private"),
        ("http://192.168.1.1/hook", "private"),
        ("http://169.254.169.254/latest/meta-data", "link-local (cloud metadata)"),
        ("http://[fe80::1]/hook", "link-local v6"),
        ("http://224.0.0.1/hook", "multicast"),
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://localhost/hook", "localhost by name"),
        ("http://2130706434/hook", "loopback (127.0.0.2) as one decimal number"),
        ("http://100.64.0.1/hook", "shared address space"),
        ("http://198.18.0.1/hook", "benchmarking"),
        ("http://203.0.113.10/hook", "documentation"),
        ("http://192.0.0.170/hook", "IETF protocol assignment"),
        ("http://255.255.255.255/hook", "broadcast"),
        ("http://[::a9fe:a9fe]/hook", "IPv4-compatible"),
        ("http://[::ffff:169.254.169.254]/hook", "IPv4-mapped"),
        ("http://[::ffff:8.8.8.8]/hook", "IPv4-mapped, even of a public address"),
        ("http://[64:ff9b::a9fe:a9fe]/latest/meta-data", "NAT64 (metadata on a NAT64 network)"),
        ("http://[64:ff9b:1::a9fe:a9fe]/hook", "local-use NAT64"),
        ("http://[2002:a9fe:a9fe::]/hook", "6to4"),
        ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook", "Teredo"),
        ("http://[2001:db8::1]/hook", "documentation v6"),
        ("http://[fd00::1]/hook", "unique local"),
        ("https://hooks.example:0/hook", "port 0"),
    ];

    [Fact]
    public async Task CreateOrder_WebhookUrlIntoOwnNetworks_IsRefusedNamingTheField()
    {
        foreach (var (url, because) in OwnNetworks)
        {
            using var response = await CreateAsync(url);
            var text = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode == 400, $"{url} ({because}) answered {(int)response.StatusCode}: {text}");
            Assert.StartsWith("webhook_url:", JsonDocument.Parse(text).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task EveryUrlField_Nat64MetadataAddress_IsRefusedNamingTheFieldAndNothingWritten()
    {
        const string url = "http://[64:ff9b::a9fe:a9fe]/piv/events";
        var before = (_server.CountRows("objects"), _server.CountRows("merchants"));

        foreach (var field in new[] { "webhook_url", "notify_url", "events_webhook", "piv_events_url" })
        {
            using var response = field switch
            {
                "webhook_url" => await CreateAsync(url),
                "notify_url" => await _merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
                    { order_ref_1 = "r1", amount = 100, currency = "EUR", notify_url = url, return_url = "https://shop.example/back" })),
                _ => await _server.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new Dictionary<string, string> { ["name"] = "Shop", [field] = url })),
            };
            var text = await response.Content.ReadAsStringAsync();

            Assert.True((int)response.StatusCode == 400, $"{field} answered {(int)response.StatusCode}: {text}");
            Assert.Contains(field, text, StringComparison.Ordinal);
            Assert.Contains("64:ff9b::a9fe:a9fe", text, StringComparison.Ordinal);
        }
        Assert.Equal(before, (_server.CountRows("objects"), _server.CountRows("merchants")));
    }

    [Fact]
    public async Task CreateOrder_HostnameResolvingToSpecialPurposeAddress_IsRefused()
    {
        foreach (var address in new[] { "64:ff9b::a9fe:a9fe", "::ffff:10.0.0.7", "2002:c0a8:101::1", "100.64.1.1", "198.18.7.7" })
        {
            _dns.Set("sneaky.example", [IPAddress.Parse("93.184.215.14"), IPAddress.Parse(address)]);

            using var response = await CreateAsync("https://sneaky.example/hook");

            Assert.Equal(400, (int)response.StatusCode);
            Assert.Contains(IPAddress.Parse(address).ToString(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task Send_DnsRebindsToNat64FormOfAnAllowedAddress_IsRefusedAtSendTime()
    {
        // 127.0.0.1 is open to webhooks here; the NAT64 form that embeds it is not the same thing, and stays refused.
        _dns.Set("rebind64.example", [IPAddress.Loopback], [IPAddress.Parse("64:ff9b::7f00:1")]);
        var uuid = await CreateOrderAsync($"http://rebind64.example:{_receiver.BaseUri.Port}/hook");

        await _server.MoveOrderAsync(uuid, "Pending");

        var delivery = await WaitForAttemptAsync();
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        Assert.Contains("64:ff9b::7f00:1", delivery.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_receiver.All);
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
        var list = default(JsonElement);
        await Eventually.HoldsAsync(
            async () => (list = (await _merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")).GetArrayLength() > 0
                && list[0].GetProperty("attempts").GetInt32() > 0,
            "an attempt recorded");
        return await _merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{list[0].GetProperty("id").GetString()}");
    }
}

public sealed class SafeTargetTestsOnSqlite() : SafeTargetTests(Backend.Sqlite);

public sealed class SafeTargetTestsOnPostgres() : SafeTargetTests(Backend.Postgres);
