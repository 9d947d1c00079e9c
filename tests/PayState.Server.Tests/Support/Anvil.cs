using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using PayState.Server.Acquiring.Chain;

namespace PayState.Server.Tests.Support;

/// Anvil, a real Ethereum JSON-RPC node, started on a free loopback port for one test and stopped at its end, like
/// the PostgreSQL cluster. Found at PAYSTATE_TEST_ANVIL or where scripts/install-anvil puts it (.ci/run runs that).
public sealed class Anvil : IAsyncDisposable
{
    /// The fake clock's start (2026-01-01T12:00:00Z) as the chain's genesis time, so blocks and orders share one time.
    public static readonly DateTimeOffset Genesis = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Process _process;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private int _id;

    private Anvil(Process process, int port)
    {
        _process = process;
        Url = new Uri($"http://127.0.0.1:{port}/");
    }

    public Uri Url { get; }

    /// Anvil's funded development accounts (lower-case).
    public IReadOnlyList<string> Accounts { get; private set; } = [];

    public static string BinaryPath =>
        Environment.GetEnvironmentVariable("PAYSTATE_TEST_ANVIL") is { Length: > 0 } configured ? configured
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
            "paystate", "anvil-1.7.1", "node_modules", "@foundry-rs", "anvil-linux-amd64", "bin", "anvil");

    public static async Task<Anvil> StartAsync()
    {
        if (!File.Exists(BinaryPath))
            throw new InvalidOperationException($"Anvil is not at {BinaryPath}: run scripts/install-anvil (or set PAYSTATE_TEST_ANVIL; PAYSTATE_TEST_SKIP_CHAIN=1 skips these tests).");
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(BinaryPath) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--timestamp",
                     Genesis.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), "--accounts", "3", "--silent" })
            start.ArgumentList.Add(arg);
        var anvil = new Anvil(Process.Start(start)!, port);
        anvil._process.OutputDataReceived += (_, _) => { };
        anvil._process.ErrorDataReceived += (_, _) => { };
        anvil._process.BeginOutputReadLine();
        anvil._process.BeginErrorReadLine();
        // Up within a second or so; until then the port refuses.
        await Eventually.HoldsAsync(
            async () =>
            {
                try
                {
                    anvil.Accounts = [.. (await anvil.CallAsync("eth_accounts")).EnumerateArray().Select(a => a.GetString()!.ToLowerInvariant())];
                    return true;
                }
                catch (HttpRequestException) when (!anvil._process.HasExited)
                {
                    return false;
                }
            },
            "anvil answers eth_accounts");
        return anvil;
    }

    public async Task<JsonElement> CallAsync(string method, params object[] parameters)
    {
        var body = JsonSerializer.Serialize(new { jsonrpc = "2.0", id = Interlocked.Increment(ref _id), method, @params = parameters });
        using var response = await _http.PostAsync(Url, new StringContent(body, Encoding.UTF8, "application/json"));
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (answer.TryGetProperty("error", out var error)) throw new InvalidOperationException($"{method}: {error.GetRawText()}");
        return answer.GetProperty("result").Clone();
    }

    public async Task<long> BlockNumberAsync() => HexQuantity.ToLong((await CallAsync("eth_blockNumber")).GetString()!);

    /// Deploys the tests' 6-decimals ERC-20 (Contracts/TestToken.sol) with the whole supply on the first account.
    public async Task<string> DeployTokenAsync()
    {
        var bytecode = File.ReadAllText(Path.Combine(Repository.Root, "tests", "PayState.Server.Tests", "Acquiring", "Chain", "Contracts", "TestToken.bin")).Trim();
        var supply = BigInteger.Pow(10, 15).ToString("x64", CultureInfo.InvariantCulture)[^64..];
        var receipt = await SendAsync(new { from = Accounts[0], data = "0x" + bytecode + supply });
        return receipt.GetProperty("contractAddress").GetString()!.ToLowerInvariant();
    }

    /// Sends tokens in a block of their own; returns the receipt once mined.
    public Task<JsonElement> PayTokenAsync(string contract, string to, BigInteger amount, int fromAccount = 0) =>
        SendAsync(new { from = Accounts[fromAccount], to = contract, data = SandboxPayment.TransferData(to, amount) });

    public Task<JsonElement> PayEtherAsync(string to, BigInteger wei, int fromAccount = 0) =>
        SendAsync(new { from = Accounts[fromAccount], to, value = HexQuantity.Of(wei) });

    /// Sends a transaction and waits until it is mined (Anvil mines each in a block of its own, just after answering).
    public async Task<JsonElement> SendAsync(object transaction) => await MinedAsync((await CallAsync("eth_sendTransaction", transaction)).GetString()!);

    public async Task<JsonElement> MinedAsync(string hash)
    {
        var receipt = default(JsonElement);
        await Eventually.HoldsAsync(
            async () => (receipt = await CallAsync("eth_getTransactionReceipt", hash)).ValueKind == JsonValueKind.Object,
            $"transaction {hash} is mined");
        return receipt;
    }

    public Task MineAsync(int blocks) => CallAsync("anvil_mine", HexQuantity.Of(blocks));

    public async Task<string> SnapshotAsync() => (await CallAsync("evm_snapshot")).GetString()!;

    public async Task RevertAsync(string snapshot) => Assert.True((await CallAsync("evm_revert", snapshot)).GetBoolean());

    /// The next block's timestamp (seconds); later ones follow it.
    public Task SetNextBlockTimeAsync(DateTimeOffset time) => CallAsync("evm_setNextBlockTimestamp", time.ToUnixTimeSeconds());

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

/// A fact that runs against Anvil: skipped only when PAYSTATE_TEST_SKIP_CHAIN=1 says so; a missing Anvil fails it.
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChainFactAttribute : FactAttribute
{
    public ChainFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PAYSTATE_TEST_SKIP_CHAIN") == "1") Skip = "PAYSTATE_TEST_SKIP_CHAIN=1: the chain tests are skipped.";
    }
}
