using PayState.Server.Acquiring.Chain;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring.Chain;

/// Two servers on one PostgreSQL database watch one chain: a lease in the database lets one of them scan; the other
/// stands by, and takes over when the first stops renewing it.
public sealed class ChainLeaseTests() : ChainTestBase(Backend.Postgres)
{
    private TestServer _second = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var settings = Settings();
        settings["PAYSTATE_DB"] = Server.DatabasePath;
        _second = await TestServer.StartAsync(settings, Server.Clock, backend: Backend.Postgres);
        await ScanAsync(_second);
    }

    public override async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await base.DisposeAsync();
    }

    [ChainFact]
    public async Task TwoServers_OneWatches_EachPaymentMovesTheOrderOnce()
    {
        Assert.Equal(WatcherState.Following, WatcherOf(Server).Status.State);
        Assert.Equal(WatcherState.Standby, WatcherOf(_second).Status.State);
        var order = await CreateOrderAsync();

        await Chain.PayTokenAsync(Token, Address(order), 2_500_000);
        await Chain.MineAsync(Confirmations);
        await Task.WhenAll(ScanAsync(Server), ScanAsync(_second));

        Assert.Equal("Paid", await StatusAsync(Uuid(order)));
        Assert.Equal("Pending", await NextWebhookStatusAsync());
        Assert.Equal("Paid", await NextWebhookStatusAsync());
        Assert.Equal(2, (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").GetArrayLength());
        Assert.Equal(WatcherState.Standby, WatcherOf(_second).Status.State);
    }

    [ChainFact]
    public async Task TheWatchingServerStops_TheOtherTakesOverAtOnce()
    {
        await Server.StopAsync();

        await ScanAsync(_second);

        Assert.Equal(WatcherState.Following, WatcherOf(_second).Status.State);
    }
}
