using System.Text.Json;
using PayState.Server.Acquiring.Wallets;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

public abstract class AcquiringLifecycleTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task CreateOrder_SeedExample_AnswersSeedFieldsInSeedOrder()
    {
        var order = await Merchant.CreateOrderAsync(new
        {
            amount = 300, currency = "USDT", network = "ethereum", external_order_id = "1", external_client_id = "1",
            external_data = new { key = "value" }, webhook_url = "https://example.com/webhook", is_test = true, expires_in = 1800,
        });

        Assert.Equal(
            ["uuid", "terminal_uuid", "amount", "currency", "wallet", "external_order_id", "external_client_id", "external_data",
             "status_id", "status", "webhook_url", "is_test", "created_at", "transaction_end_at", "expired_at"],
            order.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["token_address", "name", "symbol", "decimals"], order.GetProperty("currency").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["wallet_address", "wallet_qr", "network"], order.GetProperty("wallet").EnumerateObject().Select(p => p.Name));
        Assert.Equal("0xdAC17F958D2ee523a2206206994597C13D831ec7", order.GetProperty("currency").GetProperty("token_address").GetString());
        Assert.Equal("Tether USD", order.GetProperty("currency").GetProperty("name").GetString());
        Assert.Equal(6, order.GetProperty("currency").GetProperty("decimals").GetInt32());
        Assert.Equal(Merchant.TerminalUuid, order.GetProperty("terminal_uuid").GetString());
        Assert.Equal(300, order.GetProperty("amount").GetInt32());
        Assert.Equal(1, order.GetProperty("status_id").GetInt32());
        Assert.Equal("Created", order.GetProperty("status").GetString());
        Assert.Equal("{\"key\":\"value\"}", order.GetProperty("external_data").GetRawText());
        Assert.True(order.GetProperty("is_test").GetBoolean());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("transaction_end_at").ValueKind);
        // The fake clock starts at 2026-01-01T12:00:00Z, as the seed's example does.
        Assert.Equal("2026-01-01T12:00:00.000000Z", order.GetProperty("created_at").GetString());
        Assert.Equal("2026-01-01T12:30:00.000000Z", order.GetProperty("expired_at").GetString());
        var wallet = order.GetProperty("wallet");
        Assert.True(Eip55.IsValidChecksumAddress(wallet.GetProperty("wallet_address").GetString()!));
        Assert.Equal("ethereum", wallet.GetProperty("network").GetString());
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], Convert.FromBase64String(wallet.GetProperty("wallet_qr").GetString()!)[..4]);
    }

    [Fact]
    public async Task CreateOrder_TwoOrders_GetDistinctValidAddresses()
    {
        var eth1 = await Merchant.CreateOrderAsync();
        var eth2 = await Merchant.CreateOrderAsync();
        var tron = await Merchant.CreateOrderAsync(new { amount = 5, currency = "USDT", network = "tron" });

        Assert.NotEqual(Address(eth1), Address(eth2));
        Assert.True(TronAddress.IsValid(Address(tron)));
        Assert.Equal("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", tron.GetProperty("currency").GetProperty("token_address").GetString());
    }

    [Fact]
    public async Task Lifecycle_CreatedPendingPaid_EachWebhookIsTheGetAnswerByteForByteAndSigned()
    {
        var uuid = (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/hook") }))
            .GetProperty("uuid").GetString()!;

        Server.Clock.Advance(TimeSpan.FromSeconds(10));
        await Server.MoveOrderAsync(uuid, "Pending");
        var pending = await Receiver.NextAsync();
        var (_, afterPending) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(afterPending, pending.Body);
        WebhookAssert.SignedWith(pending, Merchant.WebhookSecret);
        Assert.Equal("2", pending.Header("PayState-Sequence"));
        Assert.Equal("application/json", pending.Header("Content-Type"));
        Assert.Equal("/hook", pending.Path);

        Server.Clock.Advance(TimeSpan.FromSeconds(10));
        await Server.MoveOrderAsync(uuid, "Paid");
        var paid = await Receiver.NextAsync();
        var (_, afterPaid) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(afterPaid, paid.Body);
        WebhookAssert.SignedWith(paid, Merchant.WebhookSecret);
        Assert.Equal("3", paid.Header("PayState-Sequence"));
        var data = JsonDocument.Parse(paid.Body).RootElement.GetProperty("data");
        Assert.Equal(3, data.GetProperty("status_id").GetInt32());
        Assert.Equal("2026-01-01T12:00:20.000000Z", data.GetProperty("transaction_end_at").GetString());

        var events = (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([await Merchant.EventIdOfAsync(pending), await Merchant.EventIdOfAsync(paid)], events.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["acquiring_order.pending", "acquiring_order.paid"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal(paid.BodyText, events[1].GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task Lifecycle_PendingThenFailed_SetsTransactionEnd()
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        var failed = await Server.MoveOrderAsync(uuid, "Failed");

        Assert.Equal(5, failed.GetProperty("data").GetProperty("status_id").GetInt32());
        Assert.Equal("Failed", failed.GetProperty("data").GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("data").GetProperty("transaction_end_at").ValueKind);
    }

    [Fact]
    public async Task CreateOrder_AmountBeyond64Bits_IsKeptExactlyInAnswerGetAndWebhook()
    {
        const string huge = "1606938044258990275541962092341162602522202993782792835301376"; // 2^200
        using var response = await Merchant.PostAsync("/api/public/v1/acquiring/order",
            $$"""{"amount":{{huge}},"currency":"ETH","network":"ethereum","webhook_url":"{{Receiver.UrlFor("/big")}}"}""");
        var created = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        var uuid = created.GetProperty("uuid").GetString()!;

        Assert.Equal(huge, created.GetProperty("amount").GetRawText());
        await Server.MoveOrderAsync(uuid, "Pending");
        var webhook = await Receiver.NextAsync();
        Assert.Equal(huge, JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetProperty("amount").GetRawText());
        Assert.Equal(18, created.GetProperty("currency").GetProperty("decimals").GetInt32());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("currency").GetProperty("token_address").ValueKind);
    }

    [Fact]
    public async Task GetOrder_AnotherMerchantsOrder_AnswersNotFound()
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var other = await Server.CreateMerchantAsync("Other shop");

        var (status, body) = await other.GetOrderAsync(uuid);
        var (missingStatus, missingBody) = await other.GetOrderAsync(Guid.NewGuid().ToString());

        Assert.Equal(404, status);
        Assert.Equal(404, missingStatus);
        Assert.Equal(
            JsonDocument.Parse(missingBody).RootElement.GetProperty("error").GetProperty("code").GetString(),
            JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(200, (await Merchant.GetOrderAsync(uuid)).Status);
    }

    private static string Address(JsonElement order) => order.GetProperty("wallet").GetProperty("wallet_address").GetString()!;
}

public sealed class AcquiringLifecycleTestsOnSqlite() : AcquiringLifecycleTests(Backend.Sqlite);

public sealed class AcquiringLifecycleTestsOnPostgres() : AcquiringLifecycleTests(Backend.Postgres);
