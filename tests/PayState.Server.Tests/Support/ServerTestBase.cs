namespace PayState.Server.Tests.Support;

/// The real server with a webhook receiver and one merchant: where most integration tests start.
public abstract class ServerTestBase(Backend backend) : MerchantTestBase(backend)
{
    protected FakeReceiver Receiver { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Receiver = await FakeReceiver.StartAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
