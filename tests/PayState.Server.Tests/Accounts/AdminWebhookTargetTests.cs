using System.Net;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// Where a merchant's webhooks may point: loopback in sandbox mode only, private targets refused at creation and at send time.
public abstract class AdminWebhookTargetTests(Backend backend) : AdminApiTestBase(backend)
{
    public static TheoryData<string> PrivateTargets => new()
    {
        "http://127.0.0.1/x",
        "http://localhost/x",
        "http://10.0.0.1/x",
        "http://192.168.1.1/x",
        "http://169.254.169.254/x",
        "http://[::1]/x",
    };

    [Theory]
    [InlineData("http://127.0.0.1/x")]
    [InlineData("http://localhost/x")]
    [InlineData("http://[::1]/x")]
    public async Task LoopbackWebhook_InSandbox_IsAccepted(string url)
    {
        var merchant = await CreateAsync(JsonSerializer.Serialize(new { name = "Sandbox shop", events_webhook = url }));
        var client = await Server.CreateMerchantAsync();
        var order = await client.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = url });

        Assert.Equal(url, merchant.GetProperty("events_webhook").GetString());
        Assert.Equal(url, order.GetProperty("webhook_url").GetString());
    }

    [Theory]
    [MemberData(nameof(PrivateTargets))]
    public async Task EventsWebhook_PrivateTargetOutsideSandbox_Answers400(string url)
    {
        await using var production = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, backend: Backend);
        using var existingResponse = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", """{"name":"Existing"}""");
        var existing = await JsonAsync(existingResponse, 201);
        var before = production.CountRows("merchants");

        using var create = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new { name = "Shop", events_webhook = url }));
        await AssertProblemAsync(create, 400, "events_webhook");
        Assert.Equal(before, production.CountRows("merchants"));

        using var patch = await production.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{existing.GetProperty("id").GetString()}",
            JsonSerializer.Serialize(new { events_webhook = url }));
        await AssertProblemAsync(patch, 400, "events_webhook");

        var pivUrl = url[..url.LastIndexOf('/')] + "/piv/events";
        using var piv = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new { name = "Shop", piv_events_url = pivUrl }));
        await AssertProblemAsync(piv, 400, "piv_events_url");
        Assert.Equal(before, production.CountRows("merchants"));
    }

    [Theory]
    [MemberData(nameof(PrivateTargets))]
    public async Task OrderWebhookUrl_PrivateTargetOutsideSandbox_Answers400(string url)
    {
        await using var production = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, backend: Backend);
        var client = await production.CreateMerchantAsync();
        var before = production.CountRows("objects");

        using var response = await client.PostAsync("/api/public/v1/acquiring/order",
            JsonSerializer.Serialize(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = url }));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url} answered {(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement;
        Assert.False(error.GetProperty("success").GetBoolean());
        Assert.Contains("webhook_url", error.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, production.CountRows("objects"));
    }

    [Theory]
    [InlineData("http://172.16.0.1/x")]
    [InlineData("http://0.0.0.0/x")]
    [InlineData("http://224.0.0.1/x")]
    [InlineData("http://127.1/x")]
    [InlineData("http://2130706433/x")]
    [InlineData("http://[::ffff:127.0.0.1]/x")]
    [InlineData("http://[fe80::1]/x")]
    [InlineData("http://[fd00::1]/x")]
    [InlineData("http://sub.localhost/x")]
    public async Task EventsWebhook_OtherNonPublicSpellingsOutsideSandbox_Answer400(string url)
    {
        await using var production = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, backend: Backend);
        var before = production.CountRows("merchants");

        using var create = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants", JsonSerializer.Serialize(new { name = "Shop", events_webhook = url }));

        await AssertProblemAsync(create, 400, "events_webhook");
        Assert.Equal(before, production.CountRows("merchants"));
    }

    [Fact]
    public async Task PublicWebhook_OutsideSandbox_IsAccepted()
    {
        // DNS as the public internet answers it, so the test does not depend on the machine's network.
        var dns = new FakeHostResolver();
        dns.Set("example.com", [IPAddress.Parse("93.184.215.14")]);
        await using var production = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" }, services: s => s.AddSingleton<PayState.Server.Http.IHostResolver>(dns),
            backend: Backend);

        using var create = await production.AdminAsync(HttpMethod.Post, "admin/v1/merchants",
            """{"name":"Public shop","events_webhook":"https://example.com/x","piv_events_url":"https://example.com/piv/events"}""");
        var merchant = await JsonAsync(create, 201);
        using var patch = await production.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{merchant.GetProperty("id").GetString()}",
            """{"events_webhook":"https://example.com/y"}""");
        var client = await production.CreateMerchantAsync();
        await client.SetWalletKeyAsync();
        var order = await client.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = "https://example.com/x" });

        Assert.Equal("https://example.com/x", merchant.GetProperty("events_webhook").GetString());
        Assert.Equal("https://example.com/y", (await JsonAsync(patch, 200)).GetProperty("events_webhook").GetString());
        Assert.Equal("https://example.com/x", order.GetProperty("webhook_url").GetString());
    }

    [Fact]
    public async Task OrderWebhook_LoopbackTargetAfterSwitchToProduction_IsNotSentAtSendTime()
    {
        // Spec section 6: a private target is refused at creation "and again at send time". An order made in
        // sandbox mode with a loopback webhook_url must not be delivered once the server runs in production mode.
        var client = await Server.CreateMerchantAsync();
        var uuid = (await client.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/internal") }))
            .GetProperty("uuid").GetString()!;
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" });

        await Server.MoveOrderAsync(uuid, "Pending");
        await WaitForDeliveryAsync(client, d => d.GetProperty("status").GetString() is "failed" or "dead", "the refused delivery recorded");
        await Server.WaitForSettledAsync();

        Assert.Empty(Receiver.All);
    }
}

public sealed class AdminWebhookTargetTestsOnSqlite() : AdminWebhookTargetTests(Backend.Sqlite);

public sealed class AdminWebhookTargetTestsOnPostgres() : AdminWebhookTargetTests(Backend.Postgres);
