using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using PayState.Server.Tests.Support;
using Xunit.Abstractions;

namespace PayState.Server.Tests.MultiNode;

/// PostgreSQL restarts (pg_ctl stop -m fast, then start) under load: two server processes on it, a processor moving
/// orders through both and retrying what is refused, as a real one does. No answer lies (a 503 database_unavailable
/// is a move not made; a retry is never refused), every event is delivered once, and within 10 s of the database
/// accepting connections again although the delivery lease is the default 60 s. The cluster is this test's own.
public sealed class FailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Orders = 120;
    private static readonly TimeSpan RetryEvery = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    private readonly ConcurrentDictionary<string, ConcurrentBag<DateTimeOffset>> _received = new();
    private string _cluster = "";
    private string _connectionString = "";
    private FakeReceiver _receiver = null!;
    private ServerProcess _a = null!;
    private ServerProcess _b = null!;
    private ProcessClient _merchant = null!;

    public async Task InitializeAsync()
    {
        var (connectionString, dir) = TestPostgres.StartOwnCluster();
        _cluster = dir;
        _connectionString = $"{connectionString};Search Path=paystate";
        _receiver = await FakeReceiver.StartAsync();
        _receiver.Responder = request =>
        {
            var order = JsonDocument.Parse(request.Body).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
            _received.GetOrAdd(order, _ => []).Add(DateTimeOffset.UtcNow);
            return Task.FromResult(ReceiverAnswer.NoContent);
        };
        _a = new ServerProcess(_connectionString);
        _b = new ServerProcess(_connectionString);
        await Task.WhenAll(_a.StartAsync(), _b.StartAsync());
        _merchant = await new ProcessClient(_http).CreateMerchantAsync(_a.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _receiver.DisposeAsync();
        _http.Dispose();
        TestPostgres.StopOwnCluster(_cluster);
    }

    [Fact]
    public async Task DatabaseRestartUnderLoad_NoAnswerLies_EveryEventDeliveredOnceWithinTenSecondsOfTheDatabaseBack()
    {
        var orders = new List<string>();
        for (var i = 0; i < Orders; i++) orders.Add(await CreateOrderAsync(Node(i)));
        var answers = new ConcurrentDictionary<string, int>();
        var tenMoved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var moved = 0;

        using var lanes = new SemaphoreSlim(8);
        var load = Task.WhenAll(orders.Select(async (order, i) =>
        {
            await lanes.WaitAsync();
            try
            {
                await MoveUntilMadeAsync(Node(i), order, answers);
                if (Interlocked.Increment(ref moved) == 10) tenMoved.TrySetResult();
                // Orders come in over a second or so, not all at once: the restart falls among them.
                await Task.Delay(Pace);
            }
            finally
            {
                lanes.Release();
            }
        }));
        await tenMoved.Task;
        TestPostgres.Pause(_cluster);
        TestPostgres.Resume(_cluster);
        var back = DateTimeOffset.UtcNow;
        var sinceBack = Stopwatch.StartNew();
        await UntilAsync(async () => await ReadyAsync(_a) && await ReadyAsync(_b));
        var ready = sinceBack.Elapsed;
        await load;

        Assert.True(answers.GetValueOrDefault("503 database_unavailable") + answers.GetValueOrDefault("503 commit_outcome_unknown") > 0,
            $"The restart hit no request: {Describe(answers)}");
        var events = await _merchant.AllEventsAsync(_a.BaseUri);
        Assert.Equal(Orders, events.Count);
        await UntilAsync(() => Task.FromResult(_received.Count == Orders));
        var delivered = sinceBack.Elapsed;
        // Every outcome recorded: nothing left leased or pending that a lease running out would send again.
        await UntilAsync(() => Task.FromResult(Count("SELECT count(*) FROM deliveries WHERE status <> 'succeeded' OR attempts <> 1") == 0));
        Assert.All(_received, r => Assert.True(r.Value.Count == 1, $"Order {r.Key} was delivered {r.Value.Count} times."));
        var late = _received.Values.Select(times => times.Single() - back).Max();
        output.WriteLine($"answers: {Describe(answers)}; both ready {ready.TotalSeconds:0.0} s and the last webhook " +
            $"{late.TotalSeconds:0.0} s after PostgreSQL accepted connections again (all delivered {delivered.TotalSeconds:0.0} s after)");
        Assert.True(late <= TimeSpan.FromSeconds(10), $"The last webhook came {late.TotalSeconds:0.0} s after the database was back.");
    }

    /// The processor's loop: moves the order, and on a refusal it may retry, tries again; a 503 database_unavailable
    /// must be a move not made (the order still Created when read back), and a retry must never be refused.
    private async Task MoveUntilMadeAsync(ServerProcess node, string order, ConcurrentDictionary<string, int> answers)
    {
        while (true)
        {
            using var response = await _http.SendAsync(ProcessClient.Bearer(
                HttpMethod.Post, new Uri(node.BaseUri, $"processor/v1/acquiring/order/{order}/status"), """{"status":"Pending"}""", TestServer.ProcessorToken));
            var body = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode == 503 ? JsonDocument.Parse(body).RootElement.GetProperty("code").GetString() : null;
            answers.AddOrUpdate($"{(int)response.StatusCode} {code}".Trim(), 1, (_, n) => n + 1);
            if (response.IsSuccessStatusCode)
            {
                Assert.Equal("Pending", JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString());
                return;
            }
            Assert.True((int)response.StatusCode == 503, $"Moving {order} answered {(int)response.StatusCode}: {body}");
            if (code == "database_unavailable") Assert.Equal("Created", await StatusOnceReadableAsync(node, order));
            // The processor's pace between retries, as a real one would; not a wait for the server.
            await Task.Delay(RetryEvery);
        }
    }

    private async Task<string> StatusOnceReadableAsync(ServerProcess node, string order)
    {
        while (true)
        {
            using var response = await _http.SendAsync(_merchant.Signed(node.BaseUri, HttpMethod.Get, $"/api/public/v1/acquiring/order/{order}", null));
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode) return JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString()!;
            Assert.True((int)response.StatusCode == 503, $"Reading {order} answered {(int)response.StatusCode}: {body}");
            // The processor's pace between retries, as above.
            await Task.Delay(RetryEvery);
        }
    }

    private ServerProcess Node(int i) => i % 2 == 0 ? _a : _b;

    private async Task<string> CreateOrderAsync(ServerProcess node)
    {
        var body = JsonSerializer.Serialize(new { amount = 10, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") });
        return (await _merchant.MerchantAsync(node.BaseUri, HttpMethod.Post, "/api/public/v1/acquiring/order", body, 201)).GetProperty("data").GetProperty("uuid").GetString()!;
    }

    private async Task<bool> ReadyAsync(ServerProcess node)
    {
        using var ready = await _http.GetAsync(new Uri(node.BaseUri, "readyz"));
        return ready.IsSuccessStatusCode;
    }

    private long Count(string sql)
    {
        using var connection = new NpgsqlConnection($"{_connectionString};Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (long)command.ExecuteScalar()!;
    }

    private static string Describe(ConcurrentDictionary<string, int> answers) =>
        string.Join(", ", answers.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Value} × {a.Key}"));

    // Separate processes and a restarting PostgreSQL: more patience than the in-process default.
    private static Task UntilAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, "the condition", TimeSpan.FromSeconds(30));
}
