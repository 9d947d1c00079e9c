using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using PayState.Server.Accounts;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// Spec section 2: a signed request that changes something is executed once. Sent again byte for byte within the
/// 300 s window (MerchantClient signs with the fake clock, so a second send at the same moment is exactly that),
/// it is refused with 401 replayed_request, whichever process receives it.
public abstract class ReplayTests(Backend backend) : ServerTestBase(backend)
{
    public const string CreateOrder = "POST /api/public/v1/acquiring/order";
    public const string CreateCheckout = "POST /api/v1/checkouts";
    public const string CreateSession = "POST /api/v1/piv/sessions";
    public const string RetryDelivery = "POST /api/v1/webhook-deliveries/{id}/retry";

    private static readonly string[] Routes = [CreateOrder, CreateCheckout, CreateSession, RetryDelivery];

    public static TheoryData<string> StateChangingRoutes => new(Routes);

    [Theory]
    [MemberData(nameof(StateChangingRoutes))]
    public async Task SameSignedRequestTwice_SecondRefused401ReplayedRequest_AndExecutedOnce(string route)
    {
        var (path, body) = await RequestForAsync(route);
        var objects = Server.CountRows("objects");

        using var first = await Merchant.PostAsync(path, body);
        var attempts = await AttemptsAfterAsync(route, path);
        using var second = await Merchant.ResendLastAsync();

        Assert.True(first.IsSuccessStatusCode, $"{route} answered {(int)first.StatusCode}: {await first.Content.ReadAsStringAsync()}");
        await AssertReplayedAsync(second, route);
        Assert.Equal(objects + (route == RetryDelivery ? 0 : 1), Server.CountRows("objects"));
        Assert.Equal(attempts, await AttemptsAfterAsync(route, path));
    }

    [Fact]
    public async Task SameBodySignedWithAnotherTimestamp_IsANewRequest_CreatesTwoOrders()
    {
        const string body = """{"amount":300,"currency":"USDT","network":"ethereum"}""";

        // The second is stamped a second earlier than the first (MerchantClient never repeats a signature by itself).
        using var first = await Merchant.PostAsync("/api/public/v1/acquiring/order", body);
        using var second = await Merchant.PostAsync("/api/public/v1/acquiring/order", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.Equal(2, Server.CountRows("objects"));
    }

    [Fact]
    public async Task Replay_WithTheSameIdempotencyKey_AnswersTheFirstAnswer_WithAnotherKey_Refused()
    {
        const string body = """{"amount":300,"currency":"USDT","network":"ethereum"}""";
        static Action<HttpRequestMessage> Key(string key) => r => r.Headers.Add("Idempotency-Key", key);

        using var first = await Merchant.PostAsync("/api/public/v1/acquiring/order", body, Key("k-1"));
        using var sameKey = await Merchant.ResendLastAsync(Key("k-1"));
        using var otherKey = await Merchant.ResendLastAsync(Key("k-2"));
        using var noKey = await Merchant.ResendLastAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await sameKey.Content.ReadAsByteArrayAsync());
        // The key is not part of what is signed: a captured request sent again under a new key is still a replay.
        await AssertReplayedAsync(otherKey, CreateOrder);
        await AssertReplayedAsync(noKey, CreateOrder);
        Assert.Equal(1, Server.CountRows("objects"));
    }

    [Fact]
    public async Task Replay_AfterARestartOnTheSameDatabase_IsStillRefused()
    {
        const string body = """{"customerId":"c-1"}""";
        using var first = await Merchant.PostAsync("/api/v1/piv/sessions", body);

        await Server.RestartAsync();
        using var second = await Merchant.ResendLastAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await AssertReplayedAsync(second, CreateSession);
        Assert.Equal(1, Server.CountRows("objects"));
    }

    [Fact]
    public async Task SignedRead_SentTwice_IsAnsweredTwice()
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;

        var first = await Merchant.GetOrderAsync(uuid);
        var second = await Merchant.GetOrderAsync(uuid);

        Assert.Equal(200, first.Status);
        Assert.Equal(200, second.Status);
        Assert.Equal(first.Body, second.Body);
    }

    [Fact]
    public async Task UsedSignatures_OlderThanTwiceTheWindow_AreRemoved()
    {
        await Merchant.CreateOrderAsync();
        Assert.Equal(1, Server.CountRows("used_signatures"));

        Server.Clock.Advance(MerchantAuthFilter.Window * 2 + TimeSpan.FromMinutes(2));

        await Eventually.HoldsAsync(() => Server.CountRows("used_signatures") == 0, "used signatures swept");
    }

    [Fact]
    public void EveryStateChangingMerchantRoute_IsCoveredHere()
    {
        var routed = Server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Where(m => m != "GET")
                .Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(Routes.Order(StringComparer.Ordinal), routed);
    }

    /// A path and body for the route; for a retry, a delivery that has been attempted once.
    private async Task<(string Path, string Body)> RequestForAsync(string route)
    {
        switch (route)
        {
            case CreateOrder:
                return ("/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum"}""");
            case CreateCheckout:
                return ("/api/v1/checkouts", """{"order_ref_1":"r1","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""");
            case CreateSession:
                return ("/api/v1/piv/sessions", """{"customerId":"c-1"}""");
            default:
                var order = (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/hook") }))
                    .GetProperty("uuid").GetString()!;
                await Server.MoveOrderAsync(order, "Pending");
                await Receiver.NextAsync();
                await Merchant.WaitForDeliveriesSettledAsync();
                var delivery = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0].GetProperty("id").GetString()!;
                return ($"/api/v1/webhook-deliveries/{delivery}/retry", "");
        }
    }

    /// For a retry: the attempts the delivery has once a send the request queued (if any) was recorded.
    private async Task<int> AttemptsAfterAsync(string route, string path)
    {
        if (route != RetryDelivery) return 0;
        await Merchant.WaitForDeliveriesSettledAsync();
        return (await Merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{path.Split('/')[^2]}")).GetProperty("attempts").GetInt32();
    }

    private static async Task AssertReplayedAsync(HttpResponseMessage response, string route)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"Expected 401 replayed_request, got {(int)response.StatusCode}: {text}");
        var root = JsonDocument.Parse(text).RootElement;
        var code = route == CreateOrder ? root.GetProperty("error").GetProperty("code") : root.GetProperty("code");
        Assert.Equal("replayed_request", code.GetString());
    }
}

public sealed class ReplayTestsOnSqlite() : ReplayTests(Backend.Sqlite);

public sealed class ReplayTestsOnPostgres() : ReplayTests(Backend.Postgres)
{
    [Fact]
    public async Task Replay_ToAnotherProcessOnTheSameDatabase_IsRefused()
    {
        const string body = """{"customerId":"c-2"}""";
        await using var other = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_DB"] = Server.DatabasePath }, Server.Clock);
        var merchantOnOther = new MerchantClient(other, Merchant.MerchantId, Merchant.TerminalUuid, Merchant.ApiKey, Merchant.ApiSecret, Merchant.WebhookSecret);

        using var first = await Merchant.PostAsync("/api/v1/piv/sessions", body);
        using var second = await merchantOnOther.PostAsync("/api/v1/piv/sessions", body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Contains("replayed_request", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, Server.CountRows("objects"));
    }
}
