using System.Numerics;
using System.Text.Json;
using PayState.Server.Acquiring;
using PayState.Server.Acquiring.Wallets;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Chain;

/// Orders paid on a real chain: what each kind of payment makes of an order, through the lifecycle (one event and one
/// webhook per change).
public abstract class ChainPaymentTests(Backend backend) : ChainTestBase(backend)
{
    [ChainFact]
    public async Task TokenPayment_PendingInItsBlock_PaidAtTheConfirmations()
    {
        var order = await CreateOrderAsync(amount: 2_500_000);
        var uuid = Uuid(order);

        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await ScanAsync();
        Assert.Equal("Pending", await StatusAsync(uuid));
        Assert.Equal("Pending", await NextWebhookStatusAsync());
        // The QR code names the configured chain (31337), at creation and as stored after a change.
        var contract = order.GetProperty("currency").GetProperty("token_address").GetString()!;
        var uri = PaymentUri.For(new Token("ethereum", "TUSD", "Test USD", 6, contract), Address(order), 2_500_000, 31337);
        Assert.Equal(PaymentQrCode.ToBase64Png(uri), order.GetProperty("wallet").GetProperty("wallet_qr").GetString());
        var (_, pending) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(PaymentQrCode.ToBase64Png(uri), JsonDocument.Parse(pending).RootElement.GetProperty("data").GetProperty("wallet").GetProperty("wallet_qr").GetString());

        await Chain.MineAsync(Confirmations - 2);
        await ScanAsync();
        Assert.Equal("Pending", await StatusAsync(uuid));

        await Chain.MineAsync(1);
        await ScanAsync();
        Assert.Equal("Paid", await StatusAsync(uuid));
        Assert.Equal("Paid", await NextWebhookStatusAsync());
        var events = (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal(["acquiring_order.pending", "acquiring_order.paid"], events.Select(e => e.GetProperty("type").GetString()));
        var transfer = Assert.Single(await TransfersAsync(uuid));
        Assert.Equal(ChainTransfer.Payment, transfer.Kind);
        Assert.Equal(new BigInteger(2_500_000), transfer.Amount);
        Assert.Equal(Token, transfer.TokenContract);
    }

    [ChainFact]
    public async Task PaymentAlreadyConfirmedWhenSeen_PendingThenPaid_TwoEvents()
    {
        var order = await CreateOrderAsync();

        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Pending", await NextWebhookStatusAsync());
        Assert.Equal("Paid", await NextWebhookStatusAsync());
        var paid = JsonDocument.Parse((await Merchant.GetOrderAsync(Uuid(order))).Body).RootElement.GetProperty("data");
        Assert.Equal(3, paid.GetProperty("status_id").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, paid.GetProperty("transaction_end_at").ValueKind);
    }

    [ChainFact]
    public async Task UnderPayment_StaysPendingThenFailsWhenTheWindowCloses()
    {
        var order = await CreateOrderAsync(amount: 2_500_000);
        var uuid = Uuid(order);

        await Chain.PayTokenAsync(Token, Address(order), 1_000_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();
        Assert.Equal("Pending", await StatusAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromMinutes(31));
        await ScanAsync();

        Assert.Equal("Failed", await StatusAsync(uuid));
    }

    [ChainFact]
    public async Task TopUp_TwoTransfersReachingTheAmount_Paid()
    {
        var order = await CreateOrderAsync(amount: 2_500_000);

        await Chain.PayTokenAsync(Token, Address(order), 1_000_000);
        await Chain.PayTokenAsync(Token, Address(order), 1_500_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        Assert.Equal(2, (await TransfersAsync(Uuid(order))).Count(t => t.Kind == ChainTransfer.Payment));
    }

    [ChainFact]
    public async Task OverPayment_Paid_TheTransferKeepsTheWholeAmount()
    {
        var order = await CreateOrderAsync(amount: 2_500_000);

        await Chain.PayTokenAsync(Token, Address(order), 4_000_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        Assert.Equal(new BigInteger(4_000_000), Assert.Single(await TransfersAsync(Uuid(order))).Amount);
    }

    [ChainFact]
    public async Task WrongToken_NotCounted_TheOrderExpires()
    {
        var order = await CreateOrderAsync();
        var uuid = Uuid(order);

        await Chain.PayTokenAsync(OtherToken, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();
        Assert.Equal("Created", await StatusAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromMinutes(31));
        await ScanAsync();

        Assert.Equal("Expired", await StatusAsync(uuid));
        var transfer = Assert.Single(await TransfersAsync(uuid));
        Assert.Equal(ChainTransfer.WrongToken, transfer.Kind);
        Assert.Equal(OtherToken, transfer.TokenContract);
    }

    [ChainFact]
    public async Task PaymentAfterExpiry_RecordedAsLate_TheOrderStaysExpired()
    {
        var order = await CreateOrderAsync();
        var uuid = Uuid(order);
        Server.Clock.Advance(TimeSpan.FromMinutes(31));
        await ScanAsync();
        Assert.Equal("Expired", await StatusAsync(uuid));

        await Chain.SetNextBlockTimeAsync(Server.Clock.GetUtcNow());
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Expired", await StatusAsync(uuid));
        Assert.Equal(ChainTransfer.Late, Assert.Single(await TransfersAsync(uuid)).Kind);
    }

    [ChainFact]
    public async Task PaymentMinedInTime_SeenAfterTheWindow_StillCounts()
    {
        var order = await CreateOrderAsync();
        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);

        // The watcher sees the block only after expired_at: the block's own time decides, not when it was read.
        Server.Clock.Advance(TimeSpan.FromMinutes(31));
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
    }

    [ChainFact]
    public async Task NativeEther_Paid()
    {
        const long wei = 1_500_000_000_000_000_000;
        var order = await Merchant.CreateOrderAsync(new { amount = wei, currency = "ETH", network = "ethereum" });

        await Chain.PayEtherAsync(Address(order), wei);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        var transfer = Assert.Single(await TransfersAsync(Uuid(order)));
        Assert.Null(transfer.TokenContract);
        Assert.Equal(-1, transfer.LogIndex);
    }

    [ChainFact]
    public async Task SandboxPay_FromTheNodesFirstAccount_TheWatcherMovesTheOrder()
    {
        var order = await CreateOrderAsync(amount: 2_500_000);

        using var response = await Merchant.PostAsync($"/sandbox/v1/acquiring/order/{Uuid(order)}/pay", """{"amount":1000000}""");
        var paid = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(200, (int)response.StatusCode);
        await Chain.MinedAsync(paid.GetProperty("tx_hash").GetString()!);
        Assert.Equal(Chain.Accounts[0], paid.GetProperty("from").GetString()!.ToLowerInvariant());
        Assert.Equal("1000000", paid.GetProperty("amount").GetString());
        using var rest = await Merchant.PostAsync($"/sandbox/v1/acquiring/order/{Uuid(order)}/pay", """{"amount":1500000}""");
        await Chain.MinedAsync(JsonDocument.Parse(await rest.Content.ReadAsStringAsync()).RootElement.GetProperty("tx_hash").GetString()!);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        Assert.Equal(2, (await TransfersAsync(Uuid(order))).Count);
    }

    [ChainFact]
    public async Task XpubTerminal_PaidAtTheDerivedAddress_AndTheDashboardShowsQrAndTransfers()
    {
        var key = new NBitcoin.Mnemonic("abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about")
            .DeriveExtKey().Derive(new NBitcoin.KeyPath("m/44'/60'/0'")).Neuter().ToString(NBitcoin.Network.Main);
        using (var patched = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{Merchant.TerminalUuid}",
            JsonSerializer.Serialize(new { wallets = new { ethereum = new { xpub = key, confirmations = 2 } } })))
            Assert.True(patched.IsSuccessStatusCode);
        var order = await CreateOrderAsync();
        Assert.Equal("0x9858EfFD232B4033E47d90003D41EC34EcaEda94", Address(order));

        var receipt = await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(1);
        await ScanAsync();

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        using var dashboard = await Dashboard.DashboardClient.SignedInAsOperatorAsync(Server);
        var (_, html) = await dashboard.GetAsync($"/objects/{Uuid(order)}");
        Assert.Contains($"<img id=\"wallet-qr\" src=\"/objects/{Uuid(order)}/qr.png\"", html, StringComparison.Ordinal);
        Assert.Contains(receipt.GetProperty("transactionHash").GetString()!, html, StringComparison.Ordinal);
        Assert.Contains("<code>0/0</code>", html, StringComparison.Ordinal);
    }
}

public sealed class ChainPaymentTestsOnSqlite() : ChainPaymentTests(Backend.Sqlite);

public sealed class ChainPaymentTestsOnPostgres() : ChainPaymentTests(Backend.Postgres);
