using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using PayState.Server.Hosting;
using PayState.Server.Tests.Metrics;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// Long-polls at scale, against the real server as its own process: ten thousand held waits, what a held wait
/// costs, and what happens when connections go past the server's cap. Every count of held waits is the
/// server's own (its paystate_held_waits gauge), not the number of requests sent.
public sealed class HeldWaitsTests : IAsyncLifetime
{
    private const string ShowError = """{"action":"show_error"}""";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"paystate-waits-{Guid.NewGuid():N}.db");
    private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = int.MaxValue, ConnectTimeout = TimeSpan.FromSeconds(30) };

    // Every call but the waits goes over this one connection, so a test knows how many the server holds.
    private readonly SocketsHttpHandler _controlHandler = new() { MaxConnectionsPerServer = 1 };
    private HttpClient _waits = null!;
    private HttpClient _control = null!;
    private ServerProcess? _server;
    private ProcessClient? _client;

    public Task InitializeAsync()
    {
        _waits = new HttpClient(_handler) { Timeout = TimeSpan.FromSeconds(120) };
        _control = new HttpClient(_controlHandler) { Timeout = TimeSpan.FromSeconds(60) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _waits.Dispose();
        _control.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }

    [NeedsConnectionsFact(10_100)]
    public async Task TenThousandHeldWaits_AreAllHeldAtOnceThenAllWokenByTheirChanges()
    {
        await StartAsync();
        var checkouts = await CreateCheckoutsAsync(100);

        var waits = new List<Task<string>>();
        foreach (var batch in Enumerable.Range(0, 10_000).Chunk(500))
        {
            waits.AddRange(batch.Select(i => WaitAsync(checkouts[i % checkouts.Count])));
            await UntilHeldAsync(waits.Count);
        }
        await UntilHeldAsync(10_000);
        Assert.DoesNotContain(waits, w => w.IsCompleted);

        await Task.WhenAll(checkouts.Select(c => SetActionAsync(c.Uuid, ShowError)));

        var answers = await Task.WhenAll(waits);
        Assert.All(answers, a => Assert.Equal(ShowError, a));
    }

    [Fact]
    public async Task FiveHundredHeldWaits_HoldNoThreadEach_ServerThreadCountBarelyMoves()
    {
        await StartAsync();
        var checkouts = await CreateCheckoutsAsync(10);
        var before = _server!.ThreadCount;

        var waits = new List<Task<string>>();
        foreach (var batch in Enumerable.Range(0, 500).Chunk(100))
        {
            waits.AddRange(batch.Select(i => WaitAsync(checkouts[i % checkouts.Count])));
            await UntilHeldAsync(waits.Count);
        }
        await UntilHeldAsync(500);
        var during = _server.ThreadCount;

        // A thread per held request would add 500; the pool may add a few while the connections arrive.
        Assert.True(during - before < 50, $"The server went from {before} to {during} threads while holding 500 waits.");
        await Task.WhenAll(checkouts.Select(c => SetActionAsync(c.Uuid, ShowError)));
        Assert.All(await Task.WhenAll(waits), a => Assert.Equal(ShowError, a));
    }

    [Fact]
    public async Task PastTheOpenFileLimit_NewConnectionsAreRefused_HeldWaitsAreServed_ServerLives()
    {
        // The cap is the open-file limit less the webhook sends and a reserve; both are set here, so how many
        // waits fit below it does not hang on a default.
        const int openFiles = 700, deliveryConcurrency = 256;
        var cap = (int)ConnectionLimit.FromOpenFileLimit(openFiles, deliveryConcurrency)!.Value;
        await StartAsync(new Dictionary<string, string> { ["PAYSTATE_DELIVERY_CONCURRENCY"] = $"{deliveryConcurrency}" }, openFiles);
        var checkout = (await CreateCheckoutsAsync(1))[0];
        // A little below the cap, so the flood finds a few places left before the refusals start.
        var waits = Enumerable.Range(0, cap - 36).Select(_ => WaitAsync(checkout)).ToList();
        await UntilHeldAsync(waits.Count);

        var extra = await FloodAsync(openFiles);
        Assert.False(_server!.HasExited, "The server died when connections went past its open-file limit.");
        Assert.True(extra.Refused > 0, "Connections past the cap should have been refused.");
        foreach (var socket in extra.Sockets) socket.Dispose();

        await SetActionAsync(checkout.Uuid, """{"action":"reject"}""");
        var answers = await Task.WhenAll(waits);
        Assert.All(answers, a => Assert.Equal("""{"action":"reject"}""", a));
        using var health = await _control.GetAsync(new Uri(_server.BaseUri, "healthz"));
        Assert.Equal(200, (int)health.StatusCode);
    }

    [Fact]
    public async Task MaxConnectionsSet_ConnectionPastItIsClosedUnanswered_TheHeldOnesAreServed()
    {
        const int max = 24;
        await StartAsync(new Dictionary<string, string> { ["PAYSTATE_MAX_CONNECTIONS"] = $"{max}" });
        var checkout = (await CreateCheckoutsAsync(1))[0];
        // These and the control connection: the server holds exactly max.
        var waits = Enumerable.Range(0, max - 1).Select(_ => WaitAsync(checkout)).ToList();
        await UntilHeldAsync(max - 1);

        using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
        {
            await socket.ConnectAsync("127.0.0.1", _server!.Port);
            var answer = await AskHealthzAsync(socket);
            Assert.True(answer is { Length: 0 }, answer is null ? "Connection past the cap was left hanging." : $"Connection past the cap was served: {answer}");
        }

        Assert.False(_server.HasExited);
        Assert.DoesNotContain(waits, w => w.IsCompleted);
        await SetActionAsync(checkout.Uuid, ShowError);
        Assert.All(await Task.WhenAll(waits), a => Assert.Equal(ShowError, a));
    }

    private async Task StartAsync(Dictionary<string, string>? environment = null, int? openFileLimit = null)
    {
        environment ??= new Dictionary<string, string> { ["PAYSTATE_DELIVERY_CONCURRENCY"] = $"{NeedsConnectionsFactAttribute.DeliveryConcurrency}" };
        _server = new ServerProcess(_database, environment, openFileLimit);
        await _server.StartAsync();
    }

    /// Reads the server's held-waits gauge until it shows this many (up to 30 s, well inside the waits' 60 s).
    private async Task UntilHeldAsync(int expected)
    {
        var patience = TimeSpan.FromSeconds(30);
        using var deadline = new CancellationTokenSource(patience);
        var held = "nothing (/metrics never answered)";
        try
        {
            await Eventually.HoldsAsync(
                async () =>
                {
                    using var response = await _control.GetAsync(new Uri(_server!.BaseUri, "metrics"), deadline.Token);
                    var gauge = PrometheusScrape.Parse(await response.Content.ReadAsStringAsync(deadline.Token)).Value("paystate_held_waits");
                    held = gauge is { } value ? $"{value}" : "no paystate_held_waits sample";
                    return gauge == expected;
                },
                $"the server's held-waits gauge reads {expected}",
                patience);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && deadline.IsCancellationRequested))
        {
            // A server that spends a thread per wait starves its thread pool: /metrics stops answering too.
            Assert.Fail($"After 30 s the server's held-waits gauge read {held}, not {expected}.");
        }
    }

    /// Opens raw connections and asks each for /healthz; counts those the server did not answer.
    private async Task<(int Refused, List<Socket> Sockets)> FloodAsync(int count)
    {
        var sockets = new List<Socket>();
        var refused = 0;
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(socket);
            try
            {
                await socket.ConnectAsync("127.0.0.1", _server!.Port);
            }
            catch (SocketException)
            {
                refused++;
            }
        }
        foreach (var socket in sockets.Where(s => s.Connected))
        {
            if (await AskHealthzAsync(socket) is not { Length: > 0 }) refused++;
        }
        return (refused, sockets);
    }

    /// The start of the answer to GET /healthz on a raw connection: empty when the server closed or reset it
    /// unanswered, null when it said nothing for 5 s.
    private static async Task<string?> AskHealthzAsync(Socket socket)
    {
        var buffer = new byte[512];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), timeout.Token);
            return Encoding.ASCII.GetString(buffer, 0, await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
        }
        catch (SocketException)
        {
            return "";
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// A long-poll (60 s) sent with the ETag the checkout has now, so it is held until that changes.
    private async Task<string> WaitAsync(CheckoutVersion checkout)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server!.BaseUri, $"api/v1/checkout/{checkout.Uuid}/wait?timeout=60"));
        request.Headers.TryAddWithoutValidation("If-None-Match", checkout.ETag);
        using var response = await _waits.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<CheckoutVersion>> CreateCheckoutsAsync(int count)
    {
        _client = await new ProcessClient(_control).CreateMerchantAsync(_server!.BaseUri, "Waits");
        var checkouts = new List<CheckoutVersion>();
        for (var i = 0; i < count; i++)
        {
            // Each checkout its own reference, as a shop's are: thousands of equal bodies would be replays of each other.
            var body = $$"""{"order_ref_1":"waits-{{i}}","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""";
            var uuid = (await _client.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/v1/checkouts", body, 201)).GetProperty("uuid").GetString()!;
            using var current = await _control.GetAsync(new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait"));
            checkouts.Add(new CheckoutVersion(uuid, current.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The wait answer has no ETag.")));
        }
        return checkouts;
    }

    private Task SetActionAsync(string uuid, string body) => _client!.ProcessorAsync(_server!.BaseUri, $"processor/v1/checkout/{uuid}/action", body);

    private sealed record CheckoutVersion(string Uuid, string ETag);
}
