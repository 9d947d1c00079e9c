using System.Diagnostics;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// docs/api.md's examples run through scripts/paystate-curl; this runs it against the real server as a reader would.
public sealed class SigningScriptTests : IAsyncLifetime
{
    private TestServer _server = null!;

    // The script signs with the machine's clock, so the server's clock must read the same time.
    public async Task InitializeAsync() => _server = await TestServer.StartAsync(clock: new FakeTimeProvider(TimeProvider.System.GetUtcNow()));

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task PaystateCurl_CreateThenGet_IsAcceptedByTheServer()
    {
        var merchant = await _server.CreateMerchantAsync();

        var created = await RunAsync(merchant, "POST", "/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"ethereum","external_order_id":"1"}""");
        var uuid = JsonDocument.Parse(created).RootElement.GetProperty("data").GetProperty("uuid").GetString();
        var fetched = await RunAsync(merchant, "GET", $"/api/public/v1/acquiring/order/{uuid}?x=1", null);

        Assert.True(JsonDocument.Parse(fetched).RootElement.GetProperty("success").GetBoolean(), fetched);
        Assert.Contains("\"data\":[]", await RunAsync(merchant, "GET", "/api/v1/events?limit=5", null), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaystateCurl_WrongSecret_FailsWithTheServersAnswerReadable()
    {
        var merchant = await _server.CreateMerchantAsync();
        merchant.ApiSecret = "sk_wrong";

        var (exitCode, answer) = await RunWithExitCodeAsync(merchant, "GET", "/api/v1/events", null);

        Assert.Equal(22, exitCode);
        Assert.Contains("invalid_signature", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PaystateCurl_RefusedMove_FailsAndTheMessageReadsAsSent()
    {
        var merchant = await _server.CreateMerchantAsync();

        var (exitCode, answer) = await RunWithExitCodeAsync(merchant, "POST", "/api/public/v1/acquiring/order", """{"amount":300,"currency":"USDT","network":"bitcoin"}""");

        Assert.Equal(22, exitCode);
        Assert.Contains("'bitcoin'", answer, StringComparison.Ordinal);
    }

    private async Task<string> RunAsync(MerchantClient merchant, string method, string path, string? body)
    {
        var (exitCode, output) = await RunWithExitCodeAsync(merchant, method, path, body);
        Assert.True(exitCode == 0, $"paystate-curl exited {exitCode}: {output}");
        return output;
    }

    private async Task<(int ExitCode, string Output)> RunWithExitCodeAsync(MerchantClient merchant, string method, string path, string? body)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "paystate-curl");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { script, method, path }.Concat(body is null ? [] : [body])) start.ArgumentList.Add(arg);
        start.Environment["PAYSTATE_URL"] = _server.BaseUri.ToString().TrimEnd('/');
        start.Environment["PAYSTATE_API_KEY"] = merchant.ApiKey;
        start.Environment["PAYSTATE_API_SECRET"] = merchant.ApiSecret;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PayState.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PayState.slnx not found.");
    }
}
