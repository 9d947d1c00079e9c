namespace PayState.Server.Tests.Support;

/// The real server with a webhook receiver and one merchant: where most integration tests start.
public abstract class ServerTestBase(Backend backend) : IAsyncLifetime
{
    protected Backend Backend => backend;

    protected TestServer Server { get; private set; } = null!;

    protected FakeReceiver Receiver { get; private set; } = null!;

    protected MerchantClient Merchant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(backend: backend);
        Receiver = await FakeReceiver.StartAsync();
        Merchant = await Server.CreateMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
