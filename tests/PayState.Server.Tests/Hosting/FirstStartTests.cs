using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// What a newcomer sees on the console: the first sandbox start on an empty database prints the sandbox
/// merchant's credentials and the admin and processor tokens (made up when none are set), and they work;
/// later starts print no secret; outside sandbox mode nothing secret is printed and the server refuses to
/// start without its tokens. The real server process, because the printout is its stdout.
public abstract class FirstStartTests(Backend backend) : IAsyncLifetime
{
    private readonly string _location = backend == Backend.Postgres ? TestPostgres.NewSchema() : Path.Combine(Path.GetTempPath(), $"paystate-first-{Guid.NewGuid():N}.db");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<ServerProcess> _servers = [];

    private string Database => backend == Backend.Postgres ? TestPostgres.ConnectionString(_location) : _location;

    // SQLite: the server's default, beside the database file; PostgreSQL has none, so each server gets its own.
    private string CredentialsFile => backend == Backend.Postgres ? _credentials : Path.ChangeExtension(_location, ".env");

    private readonly string _credentials = Path.Combine(Path.GetTempPath(), $"paystate-first-{Guid.NewGuid():N}.env");

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task FirstStart_SandboxWithoutTokens_PrintsCredentialsAndGeneratedTokensThatWork()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var server = Server(sandbox: true, adminToken: "", processorToken: "");
        await server.StartAsync();

        var printed = Printout.Parse(await server.WaitForOutputAsync("processor token"));

        Assert.Matches("^adm_.{20,}$", printed.AdminToken);
        Assert.Matches("^prc_.{20,}$", printed.ProcessorToken);
        Assert.StartsWith("pk_", printed.ApiKey, StringComparison.Ordinal);
        Assert.StartsWith("sk_", printed.ApiSecret, StringComparison.Ordinal);
        Assert.StartsWith("whsec_", printed.WebhookSecret, StringComparison.Ordinal);
        Assert.Contains($"PayState sandbox on http://127.0.0.1:{server.Port}", server.Output, StringComparison.Ordinal);
        // A PostgreSQL connection string may carry a password: the printout names the database, never shows it.
        if (backend == Backend.Postgres) Assert.DoesNotContain(Database, server.Output, StringComparison.Ordinal);
        else Assert.Contains($"(database {Database})", server.Output, StringComparison.Ordinal);

        // The admin token is the only one the admin API takes, and it sees the sandbox merchant and terminal.
        Assert.Equal(401, (int)(await BearerAsync(server, HttpMethod.Get, "admin/v1/merchants", "adm_guess")).StatusCode);
        var merchants = await JsonAsync(await BearerAsync(server, HttpMethod.Get, "admin/v1/merchants", printed.AdminToken), 200);
        var merchant = Assert.Single(merchants.GetProperty("data").EnumerateArray());
        Assert.Equal(printed.MerchantId, merchant.GetProperty("id").GetString());
        Assert.Equal("Sandbox merchant", merchant.GetProperty("name").GetString());

        // The API key and secret sign merchant requests; the order is on the printed terminal.
        var order = (await JsonAsync(await SignedAsync(server, printed, "/api/public/v1/acquiring/order",
            $$"""{"amount":300,"currency":"USDT","network":"ethereum","webhook_url":"{{receiver.UrlFor("/hook")}}"}"""), 201)).GetProperty("data");
        Assert.Equal(printed.TerminalUuid, order.GetProperty("terminal_uuid").GetString());

        // The processor token moves it, and the webhook secret is the one its webhook is signed with.
        var uuid = order.GetProperty("uuid").GetString()!;
        Assert.Equal(401, (int)(await BearerAsync(server, HttpMethod.Post, $"processor/v1/acquiring/order/{uuid}/status", printed.AdminToken, """{"status":"Pending"}""")).StatusCode);
        await JsonAsync(await BearerAsync(server, HttpMethod.Post, $"processor/v1/acquiring/order/{uuid}/status", printed.ProcessorToken, """{"status":"Pending"}"""), 200);
        WebhookAssert.SignedWith(await receiver.NextAsync(), printed.WebhookSecret);
    }

    [Fact]
    public async Task FirstStart_Sandbox_WritesTheCredentialsToAFileOnlyItsOwnerReads_ThatAShellCanSource()
    {
        var server = Server(sandbox: true, adminToken: "", processorToken: "");
        await server.StartAsync();

        var printed = Printout.Parse(await server.WaitForOutputAsync("processor token"));

        Assert.Contains($"source {CredentialsFile}", server.Output, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(CredentialsFile));
        var sourced = await SourceAsync(CredentialsFile);
        Assert.Equal($"http://127.0.0.1:{server.Port}", sourced["PAYSTATE_URL"]);
        Assert.Equal(printed.MerchantId, sourced["PAYSTATE_MERCHANT_ID"]);
        Assert.Equal(printed.TerminalUuid, sourced["PAYSTATE_TERMINAL_UUID"]);
        Assert.Equal(printed.ApiKey, sourced["PAYSTATE_API_KEY"]);
        Assert.Equal(printed.ApiSecret, sourced["PAYSTATE_API_SECRET"]);
        Assert.Equal(printed.WebhookSecret, sourced["PAYSTATE_WEBHOOK_SECRET"]);
        Assert.Equal(printed.AdminToken, sourced["PAYSTATE_ADMIN_TOKEN"]);
        Assert.Equal(printed.ProcessorToken, sourced["PAYSTATE_PROCESSOR_TOKEN"]);
    }

    [Fact]
    public async Task Restart_Sandbox_WritesTheFileAgain_WithTheTerminalsCurrentSecretsAfterARotation()
    {
        var first = Server(sandbox: true, adminToken: "", processorToken: "");
        await first.StartAsync();
        var printed = Printout.Parse(await first.WaitForOutputAsync("processor token"));
        using var rotated = await BearerAsync(first, HttpMethod.Post, $"admin/v1/terminals/{printed.TerminalUuid}/rotate", printed.AdminToken);
        var newSecret = (await JsonAsync(rotated, 200)).GetProperty("api_secret").GetString();
        await first.KillAsync();
        File.Delete(CredentialsFile);

        var second = Server(sandbox: true, adminToken: "", processorToken: "");
        await second.StartAsync();
        await second.WaitForOutputAsync($"its credentials are in {CredentialsFile}");

        var sourced = await SourceAsync(CredentialsFile);
        Assert.Equal(newSecret, sourced["PAYSTATE_API_SECRET"]);
        Assert.Equal(printed.ApiKey, sourced["PAYSTATE_API_KEY"]);
        Assert.Equal(printed.AdminToken, sourced["PAYSTATE_ADMIN_TOKEN"]);
        Assert.DoesNotContain(newSecret!, second.Output, StringComparison.Ordinal);
    }

    /// The file as bash reads it with `source`: every PAYSTATE_ variable it exports.
    private static async Task<Dictionary<string, string>> SourceAsync(string path)
    {
        var start = new System.Diagnostics.ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("set -eu; source \"$1\"; env | grep '^PAYSTATE_'");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(path);
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PAYSTATE_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
    }

    [Fact]
    public async Task Restart_SandboxWithoutTokens_PrintsNoSecretAndKeepsTheGeneratedTokens()
    {
        var first = Server(sandbox: true, adminToken: "", processorToken: "");
        await first.StartAsync();
        var printed = Printout.Parse(await first.WaitForOutputAsync("processor token"));
        await first.KillAsync();

        var second = Server(sandbox: true, adminToken: "", processorToken: "");
        await second.StartAsync();
        var output = await second.WaitForOutputAsync($"its credentials are in {CredentialsFile}");

        foreach (var secret in new[] { printed.ApiKey, printed.ApiSecret, printed.WebhookSecret, printed.AdminToken, printed.ProcessorToken })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
        }
        Assert.DoesNotContain("api secret", output, StringComparison.Ordinal);
        var merchants = await JsonAsync(await BearerAsync(second, HttpMethod.Get, "admin/v1/merchants", printed.AdminToken), 200);
        Assert.Single(merchants.GetProperty("data").EnumerateArray());
        Assert.Equal(404, (int)(await BearerAsync(second, HttpMethod.Post, "processor/v1/acquiring/order/00000000-0000-4000-8000-000000000000/status",
            printed.ProcessorToken, """{"status":"Pending"}""")).StatusCode);
    }

    [Fact]
    public async Task FirstStart_SandboxWithConfiguredTokens_PrintsTheConfiguredTokens()
    {
        var server = Server(sandbox: true, adminToken: "my-admin-token", processorToken: "my-processor-token");
        await server.StartAsync();

        var printed = Printout.Parse(await server.WaitForOutputAsync("processor token"));

        Assert.Equal("my-admin-token", printed.AdminToken);
        Assert.Equal("my-processor-token", printed.ProcessorToken);
    }

    [Fact]
    public async Task FirstStart_OutsideSandboxWithTokens_PrintsNoSecretAndCreatesNoMerchant()
    {
        var server = Server(sandbox: false, adminToken: "my-admin-token-0123456789abcdefgh", processorToken: "my-processor-token-0123456789abcd");
        await server.StartAsync();

        var merchants = await JsonAsync(await BearerAsync(server, HttpMethod.Get, "admin/v1/merchants", "my-admin-token-0123456789abcdefgh"), 200);
        await server.KillAsync();

        Assert.Empty(merchants.GetProperty("data").EnumerateArray());
        Assert.DoesNotContain("my-admin-token", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("my-processor-token", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("api secret", server.Output, StringComparison.Ordinal);
    }

    private ServerProcess Server(bool sandbox, string adminToken, string processorToken)
    {
        var server = new ServerProcess(Database, new Dictionary<string, string>
        {
            ["PAYSTATE_SANDBOX"] = sandbox ? "true" : "false",
            ["PAYSTATE_ADMIN_TOKEN"] = adminToken,
            ["PAYSTATE_PROCESSOR_TOKEN"] = processorToken,
            ["PAYSTATE_CREDENTIALS_FILE"] = backend == Backend.Postgres ? _credentials : "",
        });
        _servers.Add(server);
        return server;
    }

    private Task<HttpResponseMessage> BearerAsync(ServerProcess server, HttpMethod method, string path, string token, string? body = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server.BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        return _http.SendAsync(request);
    }

    /// Signed as docs/api.md says, with the printed key and secret and the real clock (the process has no fake one).
    private Task<HttpResponseMessage> SignedAsync(ServerProcess server, Printout printed, string path, string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(printed.ApiSecret),
            Encoding.UTF8.GetBytes($"{timestamp}.POST.{path}.{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUri, path.TrimStart('/')))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Api-Key", printed.ApiKey);
        request.Headers.Add("X-Timestamp", timestamp);
        request.Headers.Add("X-Signature", signature);
        return _http.SendAsync(request);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, int status)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True((int)response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var server in _servers) await server.DisposeAsync();
        _http.Dispose();
        File.Delete(CredentialsFile);
        if (backend == Backend.Postgres)
        {
            TestPostgres.DropSchema(_location);
            return;
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_location + suffix);
    }

    /// The block the first sandbox start prints: one "label   value" line per credential.
    private sealed record Printout(string MerchantId, string TerminalUuid, string ApiKey, string ApiSecret, string WebhookSecret, string AdminToken, string ProcessorToken)
    {
        public static Printout Parse(string output) => new(
            Value(output, "merchant id"), Value(output, "terminal uuid"), Value(output, "api key"), Value(output, "api secret"),
            Value(output, "webhook secret"), Value(output, "admin token"), Value(output, "processor token"));

        private static string Value(string output, string label)
        {
            var match = Regex.Match(output, $@"^\s+{label}\s+(\S+)\s*$", RegexOptions.Multiline);
            Assert.True(match.Success, $"No '{label}' line in:\n{output}");
            return match.Groups[1].Value;
        }
    }
}

public sealed class FirstStartTestsOnSqlite() : FirstStartTests(Backend.Sqlite);

public sealed class FirstStartTestsOnPostgres() : FirstStartTests(Backend.Postgres);
