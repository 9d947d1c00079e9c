using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

/// A real server and a CLI runner holding a fresh merchant's credentials.
public abstract class CliTestBase : IAsyncLifetime
{
    protected TestServer Server { get; private set; } = null!;

    protected CliRunner Runner { get; private set; } = null!;

    // The CLI signs with the machine's clock, so the server's clock must read the same time.
    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(clock: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));
        Runner = new CliRunner(Server, await Server.CreateMerchantAsync());
    }

    public Task DisposeAsync() => Server.DisposeAsync().AsTask();
}
