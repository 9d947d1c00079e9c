using System.Net;
using System.Net.Sockets;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// What a start that cannot work looks like: one "error: ..." line naming what to change, exit code 1, and nothing
/// created or printed before it (no database file, no credentials). The real server process, since these are its
/// exit code and its console.
public sealed class StartFailureTests : IDisposable
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"paystate-fail-{Guid.NewGuid():N}.db");
    private readonly List<ServerProcess> _servers = [];

    [Fact]
    public async Task Start_PortInUse_SaysSoInOneLineNamingThePortAndPaystateUrls_BeforeCreatingAnything()
    {
        using var holder = new TcpListener(IPAddress.Loopback, LoopbackPort.Free());
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;
        var server = Server(new() { ["PAYSTATE_URLS"] = $"http://127.0.0.1:{port}", ["PAYSTATE_ADMIN_TOKEN"] = "", ["PAYSTATE_PROCESSOR_TOKEN"] = "" });

        var line = await FailsWithOneLineAsync(server);

        Assert.Contains($"Port {port} is already in use", line, StringComparison.Ordinal);
        Assert.Contains("PAYSTATE_URLS", line, StringComparison.Ordinal);
        Assert.False(File.Exists(_database), "the database was created before the port was checked");
        Assert.False(File.Exists(server.CredentialsFile), "credentials were written before the port was checked");
    }

    [Theory]
    [InlineData("PAYSTATE_SANDBOX", "yes", "PAYSTATE_SANDBOX must be true or false, not 'yes'.")]
    [InlineData("PAYSTATE_ATTEMPT_TIMEOUT", "soon", "PAYSTATE_ATTEMPT_TIMEOUT must be a positive whole number, not 'soon'.")]
    [InlineData("PAYSTATE_RETRY_SCHEDULE", "1,x", "PAYSTATE_RETRY_SCHEDULE: 'x' is not a positive whole number of seconds.")]
    [InlineData("PAYSTATE_WEBHOOK_ALLOW", "10.0.0.0/99", "PAYSTATE_WEBHOOK_ALLOW")]
    [InlineData("PAYSTATE_LOG_FORMAT", "yaml", "PAYSTATE_LOG_FORMAT must be text or json, not 'yaml'.")]
    [InlineData("PAYSTATE_DELIVERY_LEASE", "10", "PAYSTATE_DELIVERY_LEASE must be longer than PAYSTATE_ATTEMPT_TIMEOUT.")]
    [InlineData("PAYSTATE_URLS", "localhost-5080", "PAYSTATE_URLS: 'localhost-5080' is not a URL to listen on")]
    [InlineData("PAYSTATE_URLS", "ftp://127.0.0.1:5443", "PAYSTATE_URLS: 'ftp://127.0.0.1:5443' is neither http nor https")]
    [InlineData("PAYSTATE_TRUSTED_PROXIES", "proxy.internal", "PAYSTATE_TRUSTED_PROXIES must list addresses or CIDR networks")]
    [InlineData("PAYSTATE_PUBLIC_URL", "pay.example.com", "PAYSTATE_PUBLIC_URL must be an absolute http or https URL, not 'pay.example.com'.")]
    [InlineData("PAYSTATE_SIGNIN_LIMIT", "0", "PAYSTATE_SIGNIN_LIMIT must be a positive whole number, not '0'.")]
    [InlineData("PAYSTATE_ETHEREUM_RPC", "node.internal:8545", "PAYSTATE_ETHEREUM_RPC must be an http(s) URL of an Ethereum JSON-RPC endpoint.")]
    [InlineData("PAYSTATE_ETHEREUM_CHAIN_ID", "sepolia", "PAYSTATE_ETHEREUM_CHAIN_ID must be a positive whole number (the network's EIP-155 chain id), not 'sepolia'.")]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", "{}", "PAYSTATE_ETHEREUM_TOKENS must be a JSON array of tokens")]
    public async Task Start_BadSetting_SaysWhichInOneLine(string key, string value, string message)
    {
        var line = await FailsWithOneLineAsync(Server(new() { [key] = value }));

        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.False(File.Exists(_database));
    }

    [Theory]
    [InlineData("", "PAYSTATE_ADMIN_TOKEN must be set outside sandbox mode.")]
    [InlineData("short-token", "PAYSTATE_ADMIN_TOKEN must be at least 32 characters outside sandbox mode, not 11")]
    public async Task Start_OutsideSandboxWithoutALongEnoughToken_Refuses(string token, string message)
    {
        var line = await FailsWithOneLineAsync(Server(new() { ["PAYSTATE_SANDBOX"] = "false", ["PAYSTATE_ADMIN_TOKEN"] = token }));

        Assert.Contains(message, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_OutsideSandboxWithAShortMetricsToken_Refuses()
    {
        var line = await FailsWithOneLineAsync(Server(new()
        {
            ["PAYSTATE_SANDBOX"] = "false", ["PAYSTATE_ADMIN_TOKEN"] = LongToken, ["PAYSTATE_PROCESSOR_TOKEN"] = LongToken, ["PAYSTATE_METRICS_TOKEN"] = "scrape",
        }));

        Assert.Contains("PAYSTATE_METRICS_TOKEN must be at least 32 characters outside sandbox mode, not 6", line, StringComparison.Ordinal);
    }

    /// Kestrel loads the certificate only as it starts, after the host has logged the failure with its stack trace (the
    /// host's own line, not PayState's): what is checked here is the exit code and PayState's one line.
    [Fact]
    public async Task Start_HttpsWithACertificateThatIsNotThere_Exits1_WithOneErrorLineNamingPaystateUrls()
    {
        var server = Server(new()
        {
            ["PAYSTATE_URLS"] = $"https://127.0.0.1:{LoopbackPort.Free()}", ["Kestrel__Certificates__Default__Path"] = "/nonexistent-folder/paystate.pfx",
            ["PAYSTATE_SANDBOX"] = "false", ["PAYSTATE_ADMIN_TOKEN"] = LongToken, ["PAYSTATE_PROCESSOR_TOKEN"] = LongToken,
        });

        var exitCode = await server.RunToExitAsync();

        var line = server.Output.Split('\n').Single(l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Equal(1, exitCode);
        Assert.StartsWith("error: cannot serve HTTPS on https://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("PAYSTATE_URLS", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", server.Output, StringComparison.Ordinal);
    }

    private static readonly string LongToken = new('t', 32);

    [Fact]
    public async Task Start_SqliteFileInAFolderThatDoesNotExist_SaysSoNamingPaystateDb()
    {
        var line = await FailsWithOneLineAsync(Server(new() { ["PAYSTATE_DB"] = "/nonexistent-folder/paystate.db" }));

        Assert.Contains("cannot use the database /nonexistent-folder/paystate.db", line, StringComparison.Ordinal);
        Assert.Contains("PAYSTATE_DB", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_PostgresNobodyListensOn_SaysSoWithoutShowingTheConnectionString()
    {
        var connection = $"Host=127.0.0.1;Port={LoopbackPort.Free()};Username=paystate;Password=hunter2;Timeout=3";

        var line = await FailsWithOneLineAsync(Server(new() { ["PAYSTATE_DB"] = connection }));

        Assert.Contains("cannot use the database PostgreSQL", line, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_TheLastLineSaysTheServerStopped()
    {
        var server = Server(new() { ["Logging__LogLevel__Default"] = "Information" });
        await server.StartAsync();
        await server.WaitForOutputAsync("PayState ready on");

        await server.TerminateAsync();

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith($"PayState on http://127.0.0.1:{server.Port} stopped.", lines[^1], StringComparison.Ordinal);
    }

    private ServerProcess Server(Dictionary<string, string> environment)
    {
        var server = new ServerProcess(_database, environment);
        _servers.Add(server);
        return server;
    }

    private static async Task<string> FailsWithOneLineAsync(ServerProcess server)
    {
        var exitCode = await server.RunToExitAsync();

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(exitCode == 1 && lines.Length == 1, $"Expected exit 1 and one line; got exit {exitCode} and:\n{server.Output}");
        Assert.StartsWith("error: ", lines[0], StringComparison.Ordinal);
        return lines[0];
    }

    public void Dispose()
    {
        foreach (var server in _servers) server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }
}
