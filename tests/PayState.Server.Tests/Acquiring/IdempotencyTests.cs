using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

/// Spec section 3: an Idempotency-Key makes a retried create return the first response, not a second order.
public abstract class IdempotencyTests(Backend backend) : MerchantTestBase(backend)
{
    private const string OrderPath = "/api/public/v1/acquiring/order";
    private const string Body = """{"amount":300,"currency":"USDT","network":"ethereum","external_order_id":"42"}""";

    [Fact]
    public async Task CreateOrder_SameKeySameBodyTwice_AnswersFirstResponseAgainAndCreatesOneOrder()
    {
        var (firstStatus, first) = await CreateAsync(Merchant, Body, "order-42");
        Server.Clock.Advance(TimeSpan.FromSeconds(5));
        var (secondStatus, second) = await CreateAsync(Merchant, Body, "order-42");

        Assert.Equal(201, firstStatus);
        Assert.Equal(201, secondStatus);
        Assert.Equal(first, second);
        Assert.Equal(1, Server.CountRows("objects"));
        Assert.Equal(1, Server.CountRows("idempotency_keys"));
    }

    [Fact]
    public async Task CreateOrder_TenConcurrentRequestsWithOneKey_CreateOneOrderAndAnswerIdentically()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => CreateAsync(Merchant, Body, "concurrent-key")));

        Assert.All(answers, a => Assert.Equal(201, a.Status));
        Assert.Single(answers.Select(a => Convert.ToBase64String(a.Body)).Distinct());
        Assert.Equal(1, Server.CountRows("objects"));
        var uuid = DataOf(answers[0].Body).GetProperty("uuid").GetString()!;
        Assert.Equal(200, (await Merchant.GetOrderAsync(uuid)).Status);
    }

    [Fact]
    public async Task CreateOrder_SameKeyDifferentBody_Answers422IdempotencyKeyReusedAndCreatesNothing()
    {
        var (firstStatus, first) = await CreateAsync(Merchant, Body, "order-42");
        var different = Body.Replace("300", "301", StringComparison.Ordinal);

        var (status, body) = await CreateAsync(Merchant, different, "order-42");

        Assert.Equal(201, firstStatus);
        Assert.Equal(422, status);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.False(root.GetProperty("success").GetBoolean());
        Assert.Equal("idempotency_key_reused", root.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, Server.CountRows("objects"));
        Assert.Equal(1, Server.CountRows("idempotency_keys"));
        // The key still answers the first response to the first body.
        Assert.Equal(first, (await CreateAsync(Merchant, Body, "order-42")).Body);
    }

    [Fact]
    public async Task CreateOrder_SameBodyWithoutKey_CreatesTwoOrders()
    {
        var (firstStatus, first) = await CreateAsync(Merchant, Body, key: null);
        var (secondStatus, second) = await CreateAsync(Merchant, Body, key: null);

        Assert.Equal(201, firstStatus);
        Assert.Equal(201, secondStatus);
        Assert.NotEqual(DataOf(first).GetProperty("uuid").GetString(), DataOf(second).GetProperty("uuid").GetString());
        Assert.Equal(2, Server.CountRows("objects"));
        Assert.Equal(0, Server.CountRows("idempotency_keys"));
    }

    [Fact]
    public async Task CreateOrder_SameKeyFromTwoMerchants_CreatesTwoOrders()
    {
        var other = await Server.CreateMerchantAsync("Other shop");

        var (firstStatus, first) = await CreateAsync(Merchant, Body, "shared-key");
        var (secondStatus, second) = await CreateAsync(other, Body, "shared-key");

        Assert.Equal(201, firstStatus);
        Assert.Equal(201, secondStatus);
        Assert.NotEqual(DataOf(first).GetProperty("uuid").GetString(), DataOf(second).GetProperty("uuid").GetString());
        Assert.Equal(Merchant.TerminalUuid, DataOf(first).GetProperty("terminal_uuid").GetString());
        Assert.Equal(other.TerminalUuid, DataOf(second).GetProperty("terminal_uuid").GetString());
        Assert.Equal(2, Server.CountRows("objects"));
        // Each merchant's retry gets its own first answer back.
        Assert.Equal(first, (await CreateAsync(Merchant, Body, "shared-key")).Body);
        Assert.Equal(second, (await CreateAsync(other, Body, "shared-key")).Body);
    }

    [Fact]
    public async Task CreateOrder_KeyOver255Chars_Answers400AndCreatesNothing()
    {
        var (status, body) = await CreateAsync(Merchant, Body, new string('k', 256));

        Assert.Equal(400, status);
        var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
        Assert.Equal("invalid_request", error.GetProperty("code").GetString());
        Assert.Contains("Idempotency-Key", error.GetProperty("message").GetString()!, StringComparison.Ordinal);
        Assert.Equal(0, Server.CountRows("objects"));
        Assert.Equal(0, Server.CountRows("idempotency_keys"));
    }

    [Fact]
    public async Task CreateOrder_KeyOf255Chars_IsAcceptedAndReplayed()
    {
        var key = new string('k', 255);

        var (firstStatus, first) = await CreateAsync(Merchant, Body, key);
        var (secondStatus, second) = await CreateAsync(Merchant, Body, key);

        Assert.Equal(201, firstStatus);
        Assert.Equal(201, secondStatus);
        Assert.Equal(first, second);
        Assert.Equal(1, Server.CountRows("objects"));
    }

    [Fact]
    public async Task CreateOrder_FailedValidationWithKey_DoesNotBurnTheKey()
    {
        var invalid = """{"amount":-300,"currency":"USDT","network":"ethereum","external_order_id":"42"}""";

        var (badStatus, _) = await CreateAsync(Merchant, invalid, "retry-key");
        var (goodStatus, good) = await CreateAsync(Merchant, Body, "retry-key");
        var (againStatus, again) = await CreateAsync(Merchant, Body, "retry-key");

        Assert.Equal(400, badStatus);
        Assert.Equal(201, goodStatus);
        Assert.Equal(201, againStatus);
        Assert.Equal(good, again);
        Assert.Equal(1, Server.CountRows("objects"));
        Assert.Equal(1, Server.CountRows("idempotency_keys"));
    }

    private static async Task<(int Status, byte[] Body)> CreateAsync(MerchantClient merchant, string body, string? key)
    {
        using var response = await merchant.PostAsync(OrderPath, body, r =>
        {
            if (key is not null) r.Headers.Add("Idempotency-Key", key);
        });
        return ((int)response.StatusCode, await response.Content.ReadAsByteArrayAsync());
    }

    private static JsonElement DataOf(byte[] body) => JsonDocument.Parse(body).RootElement.GetProperty("data").Clone();
}

public sealed class IdempotencyTestsOnSqlite() : IdempotencyTests(Backend.Sqlite);

public sealed class IdempotencyTestsOnPostgres() : IdempotencyTests(Backend.Postgres);
