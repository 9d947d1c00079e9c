using System.Text.Json;
using Microsoft.Data.Sqlite;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;
using Xunit.Abstractions;

namespace PayState.Server.Tests.Delivery;

/// At least once under SIGKILL: a few hundred changes are driven through a real server process that is
/// killed several times mid-flight (between commit and send, during sends, between a 2xx and its record),
/// and every event the events API holds must reach the receiver, in order per object.
public abstract class CrashRecoveryTests(Backend backend, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Orders = 120;
    private const int Moves = 2 * Orders;
    private const int Kills = 4;
    private readonly string _location = backend == Backend.Postgres ? TestPostgres.NewSchema() : Path.Combine(Path.GetTempPath(), $"paystate-crash-{Guid.NewGuid():N}.db");
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    // Kill k is due when the driver has made KillAt(k) moves: by progress, not by a timer, so the driver cannot
    // be done before a kill, and each kill lands while changes are still being made.
    private readonly TaskCompletionSource[] _killDue = [.. Enumerable.Range(0, Kills).Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously))];
    private int _moved;
    private FakeReceiver _receiver = null!;
    private ServerProcess _server = null!;

    public async Task InitializeAsync()
    {
        _receiver = await FakeReceiver.StartAsync();
        // A slow receiver and a small per-host share keep a backlog of sends and leases open, so every kill lands
        // during sends and between a 2xx and its record, with committed events not yet delivered.
        _receiver.Responder = async _ =>
        {
            await Task.Delay(40);
            return ReceiverAnswer.NoContent;
        };
        // Quick retries so deliveries interrupted by a kill come round again within the test.
        var database = backend == Backend.Postgres ? TestPostgres.ConnectionString(_location) : _location;
        _server = new ServerProcess(database, new Dictionary<string, string>
        {
            ["PAYSTATE_RETRY_SCHEDULE"] = "1,1,1,1,1,1,1,1,1,1",
            ["PAYSTATE_ATTEMPT_TIMEOUT"] = "2",
            ["PAYSTATE_DELIVERY_LEASE"] = "3",
            ["PAYSTATE_DELIVERY_PER_HOST"] = "4",
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
        var killsDuringSends = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.WhenAny(_killDue[kill].Task, driver).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.False(driver.IsCompleted, $"The driver finished (or failed: {driver.Exception?.InnerException?.Message}) before kill {kill + 1}.");
            await _server.KillAsync();
            var moved = Volatile.Read(ref _moved);
            var atKill = await OutboxAtKillAsync();
            var reachedUnrecorded = atKill.Undelivered.Intersect(_receiver.All.Select(r => r.Header("webhook-id")!)).Count();
            output.WriteLine($"Kill {kill + 1}: {moved} of {Moves} moves made, {atKill.Undelivered.Count} deliveries open, " +
                $"{atKill.Leased} leased, {reachedUnrecorded} reached the receiver but not recorded.");
            // Landed mid-flight: changes still to come and committed events not yet delivered. Sends under lease
            // come and go every few milliseconds (4 per host, 40 ms each), so a kill can fall between two; most do not.
            Assert.InRange(moved, 1, Moves - 1);
            Assert.NotEmpty(atKill.Undelivered);
            if (atKill.Leased > 0) killsDuringSends++;
            await _server.StartAsync();
        }
        await driver;
        Assert.True(killsDuringSends > 0, "No kill landed while a send was under lease.");

        // Each event has one target here, so one message: the receiver knows it by its webhook-id, the delivery's id.
        var messageOf = await DeliveryIdsByEventAsync();
        var events = (await merchant.AllEventsAsync(_server.BaseUri))
            .Select(e => (Id: messageOf[e.GetProperty("id").GetString()!], ObjectId: e.GetProperty("object_id").GetString()!, Sequence: e.GetProperty("sequence").GetInt32()))
            .ToList();
        Assert.Equal(Moves, events.Count);
        var arrived = await WaitForAllAsync(events.Select(e => e.Id).ToHashSet());

        var firstArrival = new Dictionary<string, int>();
        for (var i = 0; i < arrived.Count; i++) firstArrival.TryAdd(arrived[i].Id, i);
        foreach (var perObject in events.GroupBy(e => e.ObjectId))
        {
            var bySequence = perObject.OrderBy(e => e.Sequence).Select(e => firstArrival[e.Id]).ToList();
            Assert.True(bySequence.SequenceEqual(bySequence.Order()), $"Object {perObject.Key}: events arrived out of order.");
        }
        // Duplicates are allowed (at least once), but each is the very same webhook, so a receiver drops it by webhook-id.
        var received = _receiver.All;
        Assert.Subset(events.Select(e => e.Id).ToHashSet(), received.Select(r => r.Header("webhook-id")!).ToHashSet());
        var duplicates = received.GroupBy(r => r.Header("webhook-id")!).Where(g => g.Count() > 1).ToList();
        foreach (var copies in duplicates)
        {
            Assert.All(copies, copy => Assert.Equal(copies.First().Body, copy.Body));
            Assert.Single(copies.Select(c => c.Header("PayState-Sequence")).Distinct());
        }
        var duplicateCount = duplicates.Sum(g => g.Count() - 1);
        Assert.Equal(received.Count - events.Count, duplicateCount);
        output.WriteLine($"{events.Count} events, {received.Count} deliveries received, {duplicateCount} duplicates " +
            $"(of {duplicates.Count} events) after {Kills} SIGKILLs.");
    }

    /// What the killed server left in its database: the deliveries not delivered yet, and how many are under a
    /// lease that has not run out (sends in flight, or handed over to be sent).
    private async Task<(HashSet<string> Undelivered, long Leased)> OutboxAtKillAsync()
    {
        const string undeliveredSql = "SELECT id FROM deliveries WHERE status IN ('pending', 'failed')";
        const string leasedSql = "SELECT count(*) FROM deliveries WHERE status IN ('pending', 'failed') AND lease_until > @now";
        var now = UnixMicros.From(TimeProvider.System.GetUtcNow());
        await using var connection = await OpenDatabaseAsync();
        var undelivered = new HashSet<string>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = undeliveredSql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) undelivered.Add(reader.GetString(0));
        }
        await using var count = connection.CreateCommand();
        count.CommandText = leasedSql;
        var parameter = count.CreateParameter();
        parameter.ParameterName = "@now";
        parameter.Value = now;
        count.Parameters.Add(parameter);
        return (undelivered, Convert.ToInt64(await count.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<Dictionary<string, string>> DeliveryIdsByEventAsync()
    {
        await using var connection = await OpenDatabaseAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT e.id, d.id FROM deliveries d JOIN events e ON e.seq = d.event_seq";
        await using var reader = await command.ExecuteReaderAsync();
        var byEvent = new Dictionary<string, string>();
        while (await reader.ReadAsync()) byEvent.Add(reader.GetString(0), reader.GetString(1));
        return byEvent;
    }

    private async Task<System.Data.Common.DbConnection> OpenDatabaseAsync()
    {
        System.Data.Common.DbConnection connection = backend == Backend.Postgres
            ? new Npgsql.NpgsqlConnection($"{TestPostgres.ConnectionString(_location)};Pooling=false")
            : new SqliteConnection($"Data Source={_location};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }

    private static int KillAt(int kill) => (kill + 1) * Moves / (Kills + 1);

    /// Moves every order Created → Pending → Paid, riding out the kills: a move that got no answer is sent
    /// again, and a 409 then means the first one had committed.
    private async Task DriveAsync(List<string> orders)
    {
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, _) =>
        {
            await MoveUntilAnsweredAsync(order, "Pending");
            Moved();
            await MoveUntilAnsweredAsync(order, "Paid");
            Moved();
        });
    }

    private void Moved()
    {
        var moved = Interlocked.Increment(ref _moved);
        for (var kill = 0; kill < Kills; kill++)
        {
            if (moved == KillAt(kill)) _killDue[kill].TrySetResult();
        }
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
            // The processor's pace between tries while the process is down or restarting: no event of ours marks it back.
            await Task.Delay(50);
        }
        throw new TimeoutException($"Could not move {order} to {status}.");
    }

    private async Task<List<(string Id, int Sequence)>> WaitForAllAsync(HashSet<string> expected)
    {
        List<(string Id, int Sequence)> all = [];
        try
        {
            // Retries and leases run on the process's real clock: a minute covers several rounds of both.
            await Eventually.HoldsAsync(
                () => expected.IsSubsetOf((all = [.. _receiver.All.Select(r => (r.Header("webhook-id")!, int.Parse(r.Header("PayState-Sequence")!)))]).Select(a => a.Id)),
                "every message reached the receiver", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            var missing = expected.Except(all.Select(a => a.Id)).Count();
            throw new Xunit.Sdk.XunitException($"{missing} of {expected.Count} messages never reached the receiver.");
        }
        return all;
    }

    private async Task<string> CreateOrderAsync(ProcessClient merchant)
    {
        var body = JsonSerializer.Serialize(new { amount = 10, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") });
        return (await merchant.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/public/v1/acquiring/order", body, 201)).GetProperty("data").GetProperty("uuid").GetString()!;
    }
}

public sealed class CrashRecoveryTestsOnSqlite(ITestOutputHelper output) : CrashRecoveryTests(Backend.Sqlite, output);

public sealed class CrashRecoveryTestsOnPostgres(ITestOutputHelper output) : CrashRecoveryTests(Backend.Postgres, output);
