using System.Text.Json;
using Microsoft.Data.Sqlite;
using PayState.Server.Tests.Support;
using Xunit.Abstractions;

namespace PayState.Server.Tests.Delivery;

/// At least once under SIGKILL: a few hundred changes are driven through a real server process that is
/// killed several times mid-flight (between commit and send, during sends, between a 2xx and its record),
/// and every event the events API holds must reach the receiver, in order per object.
public abstract class CrashRecoveryTests(Backend backend, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Orders = 120;
    private const int Kills = 4;
    private readonly string _location = backend == Backend.Postgres ? TestPostgres.NewSchema() : Path.Combine(Path.GetTempPath(), $"paystate-crash-{Guid.NewGuid():N}.db");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private FakeReceiver _receiver = null!;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeReceiver.StartAsync();
        // A slightly slow receiver keeps sends in flight, so kills land during sends and between a 2xx and its record.
        _receiver.Responder = async _ =>
        {
            await Task.Delay(15);
            return ReceiverAnswer.NoContent;
        };
        // Quick retries so deliveries interrupted by a kill come round again within the test.
        var database = backend == Backend.Postgres ? TestPostgres.ConnectionString(_location) : _location;
        _server = new ServerProcess(database, new Dictionary<string, string>
        {
            ["PAYSTATE_RETRY_SCHEDULE"] = "1,1,1,1,1,1,1,1,1,1",
            ["PAYSTATE_ATTEMPT_TIMEOUT"] = "2",
            ["PAYSTATE_DELIVERY_LEASE"] = "3",
        });
        await _server.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        _http.Dispose();
        if (backend == Backend.Postgres)
        {
            TestPostgres.DropSchema(_location);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_location + suffix);
    }

    [Fact]
    public async Task SigkillMidFlight_SeveralTimes_EveryEventArrivesInOrderPerObject()
    {
        var merchant = await new ProcessClient(_http).CreateMerchantAsync(_server.BaseUri, "Crash shop");
        var orders = new List<string>();
        for (var i = 0; i < Orders; i++) orders.Add(await CreateOrderAsync(merchant));

        var driver = DriveAsync(orders);
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(150 + (kill * 60));
            await _server.KillAsync();
            await _server.StartAsync();
        }
        await driver;

        var events = (await merchant.AllEventsAsync(_server.BaseUri))
            .Select(e => (Id: e.GetProperty("id").GetString()!, ObjectId: e.GetProperty("object_id").GetString()!, Sequence: e.GetProperty("sequence").GetInt32()))
            .ToList();
        Assert.Equal(2 * Orders, events.Count);
        var arrived = await WaitForAllAsync(events.Select(e => e.Id).ToHashSet());

        var firstArrival = new Dictionary<string, int>();
        for (var i = 0; i < arrived.Count; i++) firstArrival.TryAdd(arrived[i].Id, i);
        foreach (var perObject in events.GroupBy(e => e.ObjectId))
        {
            var bySequence = perObject.OrderBy(e => e.Sequence).Select(e => firstArrival[e.Id]).ToList();
            Assert.True(bySequence.SequenceEqual(bySequence.Order()), $"Object {perObject.Key}: events arrived out of order.");
        }
        output.WriteLine($"{events.Count} events, {arrived.Count} deliveries received, {arrived.Count - events.Count} duplicates after {Kills} SIGKILLs.");
    }

    /// Moves every order Created → Pending → Paid, riding out the kills: a move that got no answer is sent
    /// again, and a 409 then means the first one had committed.
    private async Task DriveAsync(List<string> orders)
    {
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, _) =>
        {
            await MoveUntilAnsweredAsync(order, "Pending");
            await MoveUntilAnsweredAsync(order, "Paid");
        });
    }

    private async Task MoveUntilAnsweredAsync(string order, string status)
    {
        for (var attempt = 0; attempt < 400; attempt++)
        {
            try
            {
                using var request = ProcessClient.Bearer(HttpMethod.Post, new Uri(_server.BaseUri, $"processor/v1/acquiring/order/{order}/status"),
                    JsonSerializer.Serialize(new { status }), TestServer.ProcessorToken);
                using var response = await _http.SendAsync(request);
                if ((int)response.StatusCode is 200 or 409) return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Could not move {order} to {status}.");
    }

    private async Task<List<(string Id, int Sequence)>> WaitForAllAsync(HashSet<string> expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var all = _receiver.All.Select(r => (Id: r.Header("webhook-id")!, Sequence: int.Parse(r.Header("PayState-Sequence")!))).ToList();
            if (expected.IsSubsetOf(all.Select(a => a.Id))) return all;
            await Task.Delay(100);
        }
        var missing = expected.Except(_receiver.All.Select(r => r.Header("webhook-id")!)).ToList();
        throw new Xunit.Sdk.XunitException($"{missing.Count} of {expected.Count} events never reached the receiver.");
    }

    private async Task<string> CreateOrderAsync(ProcessClient merchant)
    {
        var body = JsonSerializer.Serialize(new { amount = 10, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") });
        return (await merchant.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/public/v1/acquiring/order", body, 201)).GetProperty("data").GetProperty("uuid").GetString()!;
    }
}

public sealed class CrashRecoveryTestsOnSqlite(ITestOutputHelper output) : CrashRecoveryTests(Backend.Sqlite, output);

public sealed class CrashRecoveryTestsOnPostgres(ITestOutputHelper output) : CrashRecoveryTests(Backend.Postgres, output);
