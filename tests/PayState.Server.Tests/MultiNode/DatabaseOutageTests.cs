using System.Collections.Concurrent;
using System.Text.Json;
using Npgsql;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.MultiNode;

/// PostgreSQL goes away under a running server: requests answer 503 meanwhile, and when it is back the
/// server recovers by itself (writer, readers and change notifications) and loses nothing committed.
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    // Long enough for a wait held across the outage.
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(90) };
    // Every webhook fails until PostgreSQL is back, so whatever is answered 2xx was delivered after the outage.
    private readonly ConcurrentDictionary<string, byte> _deliveredAfter = new();
    private bool _databaseBack;
    private string _cluster = "";
    private string _connectionString = "";
    private FakeReceiver _receiver = null!;
    private ServerProcess _server = null!;
    private ProcessClient _merchant = null!;

    public async Task InitializeAsync()
    {
        var (connectionString, dir) = TestPostgres.StartOwnCluster();
        _cluster = dir;
        _connectionString = $"{connectionString};Search Path=paystate";
        _receiver = await FakeReceiver.StartAsync();
        _receiver.Responder = request =>
        {
            if (!Volatile.Read(ref _databaseBack)) return Task.FromResult(ReceiverAnswer.Status(503));
            _deliveredAfter[ChangeOf(request)] = 0;
            return Task.FromResult(ReceiverAnswer.NoContent);
        };
        _server = new ServerProcess(_connectionString, ServerEnvironment);
        await _server.StartAsync();
        _merchant = await new ProcessClient(_http).CreateMerchantAsync(_server.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        _http.Dispose();
        TestPostgres.StopOwnCluster(_cluster);
    }

    [Fact]
    public async Task DatabaseRestart_RequestsAnswer503ThenTheServerRecoversAndLosesNothing()
    {
        var before = await CreateOrderAsync();
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{before}/status", """{"status":"Pending"}""");
        await UntilAsync(() => Task.FromResult(_receiver.All.Count >= 1));
        // Committed right before PostgreSQL goes: its first attempt (if any) and its outcome may fall in the outage.
        var justBefore = await CreateOrderAsync();
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{justBefore}/status", """{"status":"Pending"}""");

        TestPostgres.Pause(_cluster);
        using (var down = await _http.SendAsync(_merchant.Signed(_server.BaseUri, HttpMethod.Get, $"/api/public/v1/acquiring/order/{before}", null)))
        {
            Assert.Equal(503, (int)down.StatusCode);
            Assert.Contains("database_unavailable", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var move = await _http.SendAsync(ProcessClient.Bearer(HttpMethod.Post, new Uri(_server.BaseUri, $"processor/v1/acquiring/order/{before}/status"), """{"status":"Paid"}""", TestServer.ProcessorToken)))
        {
            Assert.Equal(503, (int)move.StatusCode);
        }
        using (var ready = await _http.GetAsync(new Uri(_server.BaseUri, "readyz")))
        {
            Assert.Equal(503, (int)ready.StatusCode);
            var failing = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("failing");
            Assert.Contains("database", failing.EnumerateArray().Select(e => e.GetString()));
        }
        // What an alert sees meanwhile: not ready, and the two requests answered database_unavailable.
        var outage = Metrics.PrometheusScrape.Parse(await _http.GetStringAsync(new Uri(_server.BaseUri, "metrics")));
        Assert.Equal(0, outage.Value("paystate_ready"));
        Assert.Equal(2, outage.Value("paystate_database_errors_total"));

        TestPostgres.Resume(_cluster);
        Volatile.Write(ref _databaseBack, true);
        await UntilReadyAsync(_server);
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{before}/status", """{"status":"Paid"}""");
        var after = await CreateOrderAsync();
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{after}/status", """{"status":"Pending"}""");

        var events = (await _merchant.AllEventsAsync(_server.BaseUri))
            .Select(e => $"{e.GetProperty("object_id").GetString()}/{e.GetProperty("sequence").GetInt32()}").ToHashSet();
        Assert.Equal(4, events.Count);
        await UntilAsync(() => Task.FromResult(events.IsSubsetOf(_deliveredAfter.Keys)));
    }

    [Fact]
    public async Task DatabaseRestart_WaiterOnOneProcess_IsStillWokenByAChangeThroughAnother()
    {
        await using var other = new ServerProcess(_connectionString, ServerEnvironment);
        await other.StartAsync();
        const string checkoutBody = """{"amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""";
        var checkout = (await _merchant.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/v1/checkouts", checkoutBody, 201)).GetProperty("uuid").GetString();
        using var held = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, $"api/v1/checkout/{checkout}/wait?timeout=60"));
        held.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        var wait = _http.SendAsync(held).ContinueWith(t => t.Result.Content.ReadAsStringAsync(), TaskScheduler.Default).Unwrap();
        await UntilAsync(async () => (await _http.GetStringAsync(new Uri(_server.BaseUri, "metrics"))).Contains("\npaystate_held_waits{} 1", StringComparison.Ordinal));

        TestPostgres.Pause(_cluster);
        TestPostgres.Resume(_cluster);
        await UntilReadyAsync(_server);
        await UntilReadyAsync(other);
        // Both processes LISTEN again on the restarted server: the change below reaches the waiter as a notification,
        // not through the wake-everything that follows a new subscription.
        await UntilAsync(async () => await ListeningConnectionsAsync() == 2);
        Assert.False(wait.IsCompleted, wait.IsCompleted ? await wait : null);

        await _merchant.ProcessorAsync(other.BaseUri, $"processor/v1/checkout/{checkout}/action", """{"action":"require_validate_otp"}""");

        // Well before the 60 s long-poll would have ended on its own.
        Assert.Equal("""{"action":"require_validate_otp"}""", await wait.WaitAsync(TimeSpan.FromSeconds(15)));
    }

    // Short leases and attempts, so an outcome lost in the outage is sent again within the test.
    private static Dictionary<string, string> ServerEnvironment => new()
    {
        ["PAYSTATE_RETRY_SCHEDULE"] = string.Join(',', Enumerable.Repeat("1", 30)),
        ["PAYSTATE_ATTEMPT_TIMEOUT"] = "2",
        ["PAYSTATE_DELIVERY_LEASE"] = "4",
    };

    /// Sessions whose last statement was LISTEN: each process's change listener (it pings only after 30 s idle).
    private async Task<long> ListeningConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection($"{_connectionString};Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN %'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task UntilReadyAsync(ServerProcess server) =>
        await UntilAsync(async () =>
        {
            using var ready = await _http.GetAsync(new Uri(server.BaseUri, "readyz"));
            return ready.IsSuccessStatusCode;
        });

    /// The change an order's webhook carries: its object and sequence (its webhook-id names the delivery).
    private static string ChangeOf(ReceivedRequest webhook) =>
        $"{JsonDocument.Parse(webhook.Body).RootElement.GetProperty("data").GetProperty("uuid").GetString()}/{webhook.Header("PayState-Sequence")}";

    private async Task<string> CreateOrderAsync()
    {
        var body = JsonSerializer.Serialize(new { amount = 10, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") });
        return (await _merchant.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/public/v1/acquiring/order", body, 201)).GetProperty("data").GetProperty("uuid").GetString()!;
    }

    // Separate processes and a restarting PostgreSQL: more patience than the in-process default.
    private static Task UntilAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, "the condition", TimeSpan.FromSeconds(30));
}
