using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// The README's "Try it" block, as printed, in bash against a real server process on loopback, from a folder laid out
/// like the repository: the server writes its credentials file where the block sources it, scripts/paystate runs the
/// CLI, and every line must succeed. Only the listener's port 9000 is swapped for a free one.
public sealed partial class ReadmeTryItTests : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"paystate-readme-{Guid.NewGuid():N}");
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "src", "PayState.Server"));
        Directory.CreateSymbolicLink(Path.Combine(_folder, "scripts"), Path.Combine(Repository.Root, "scripts"));
        // As `dotnet run --project src/PayState.Server` runs it: sandbox, tokens made up, the file beside the database.
        _server = new ServerProcess(Path.Combine(_folder, "src", "PayState.Server", "paystate.db"), new Dictionary<string, string>
        {
            ["PAYSTATE_ADMIN_TOKEN"] = "",
            ["PAYSTATE_PROCESSOR_TOKEN"] = "",
            ["PAYSTATE_CREDENTIALS_FILE"] = "",
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task TryIt_RunAsPrinted_PrintsBothWebhooksTheOrderPaidItsEventsAndItsDeliveries()
    {
        var block = TryItBlock().Match(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "README.md")));
        Assert.True(block.Success, "README.md has no ```sh block under \"## Try it\".");
        var script = block.Groups["code"].Value.Replace("9000", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

        var (exitCode, output) = await RunAsync(script);

        Assert.True(exitCode == 0, $"The block exited {exitCode}:\n{output}");
        var uuid = Regex.Match(output, @"seq=2  uuid=(\S+) status=Pending  \(\d+ bytes\)").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(uuid), $"listen printed no Pending webhook:\n{output}");
        Assert.Matches($@"seq=3  uuid={uuid} status=Paid  \(\d+ bytes\)", output);
        Assert.Matches(@"(?m)^status\s+Paid$", output);
        Assert.Matches($@"(?m)^\S+  evt_\S+  acquiring_order\.pending  {uuid}  seq=2$", output);
        Assert.Matches($@"(?m)^\S+  evt_\S+  acquiring_order\.paid  {uuid}  seq=3$", output);
        Assert.Matches(@"(?m)^attempted_at\s+duration\s+answer\s+first bytes of the answer$", output);
        Assert.Matches(@"(?m)^\S+\s+\d+ ms\s+204\s", output);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(string script)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-e", "-o", "pipefail", "-c", script }) start.ArgumentList.Add(arg);
        // What the block needs comes from the file it sources, not from this process.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("PAYSTATE_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(key);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The block did not finish within 3 minutes:\n{await output}\n{await error}");
        }
        return (process.ExitCode, await output + await error);
    }

    [GeneratedRegex(@"^## Try it\s.*?```sh\r?\n(?<code>.*?)\r?\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex TryItBlock();
}
