using PayState.Server.Tests.Acquiring.Chain;
using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

/// paystate pay: in sandbox, the server pays an order on the chain it watches (Anvil) from the node's first account.
public sealed class PayCommandTests() : ChainTestBase(Backend.Sqlite)
{
    // The CLI signs with the machine's clock, so the server's clock must read the same time.
    protected override FakeTimeProvider Clock() => new(TimeProvider.System.GetUtcNow());

    [ChainFact]
    public async Task Pay_TheOrdersAmount_TheWatcherMovesTheOrder()
    {
        var order = await CreateOrderAsync(amount: 2_500_000);
        var runner = new CliRunner(Server, Merchant);

        var result = await runner.RunAsync("pay", Uuid(order));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("tx_hash", result.Output, StringComparison.Ordinal);
        Assert.Contains("2500000", result.Output, StringComparison.Ordinal);
        await Chain.MineAsync(Confirmations);
        await ScanAsync();
        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
    }

    [ChainFact]
    public async Task Pay_AnAmountThatIsNotANumber_Exit1WithoutSending()
    {
        var order = await CreateOrderAsync();
        var before = await Chain.BlockNumberAsync();

        var result = await new CliRunner(Server, Merchant).RunAsync("pay", Uuid(order), "--amount", "1.5");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--amount", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await Chain.BlockNumberAsync());
    }
}
