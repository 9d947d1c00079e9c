using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// A merchant with two terminals: each object's webhooks are signed with the secret of the terminal that
/// created it, so a receiver per terminal verifies with its own secret and never accepts the other's.
public abstract class TerminalSigningTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task TwoTerminalsOfOneMerchant_EachObjectsWebhook_SignedWithItsOwnTerminalsSecretOnly()
    {
        var second = await Server.CreateTerminalAsync(Merchant.MerchantId);
        Assert.NotEqual(Merchant.WebhookSecret, second.WebhookSecret);
        var ofFirst = await CreateOrderAsync(Merchant, "/first");
        var ofSecond = await CreateOrderAsync(second, "/second");

        await Server.MoveOrderAsync(ofSecond, "Pending");
        await Server.MoveOrderAsync(ofFirst, "Pending");
        var received = new[] { await Receiver.NextAsync(), await Receiver.NextAsync() };

        var toFirst = Assert.Single(received, r => r.Path == "/first");
        var toSecond = Assert.Single(received, r => r.Path == "/second");
        WebhookAssert.SignedWith(toFirst, Merchant.WebhookSecret);
        WebhookAssert.NotSignedWith(toFirst, second.WebhookSecret);
        WebhookAssert.SignedWith(toSecond, second.WebhookSecret);
        WebhookAssert.NotSignedWith(toSecond, Merchant.WebhookSecret);
    }

    private async Task<string> CreateOrderAsync(MerchantClient terminal, string path) =>
        (await terminal.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor(path) }))
        .GetProperty("uuid").GetString()!;
}

public sealed class TerminalSigningTestsOnSqlite() : TerminalSigningTests(Backend.Sqlite);

public sealed class TerminalSigningTestsOnPostgres() : TerminalSigningTests(Backend.Postgres);
