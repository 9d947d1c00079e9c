namespace PayState.Server.Tests.Support;

/// The real server and one merchant: where the API tests that need no webhook receiver start.
public abstract class MerchantTestBase(Backend backend) : IAsyncLifetime
{
    protected Backend Backend => backend;

    protected TestServer Server { get; private set; } = null!;

    protected MerchantClient Merchant { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(backend: backend);
        Merchant = await Server.CreateMerchantAsync();
    }

    public virtual async Task DisposeAsync() => await Server.DisposeAsync();
}
