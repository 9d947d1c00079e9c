using System.Text;
using Npgsql;
using PayState.Server.Storage;
using PayState.Server.Storage.Postgres;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// The events API's promise without a global write lock (PostgreSQL): a poller that follows the positions it is
/// given gets every event once, though a transaction holding a smaller seq commits after one holding a larger, and
/// each object's events in their order though two processes' batches change it at once.
public sealed class EventHorizonTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _schema = TestPostgres.NewSchema();
    private PostgresStore _a = null!;
    private PostgresStore _b = null!;
    private EventPosition _position = EventPosition.Start;
    private readonly List<EventRecord> _polled = [];

    public async Task InitializeAsync()
    {
        _a = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        _b = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        await _a.MigrateAsync(CancellationToken.None);
        await _b.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        TestPostgres.DropSchema(_schema);
    }

    [Fact]
    public async Task A_smaller_seq_committed_after_larger_ones_is_still_polled_and_nothing_twice()
    {
        await using var held = await HoldOpenAsync();
        var low = await InsertEventAsync(held, "held", 2);
        var high = await _a.WriteAsync(tx => Enumerable.Range(1, 3).Select(i => tx.InsertEvent(Event($"o{i}", 2))).ToList());
        Assert.True(high.All(seq => seq > low));

        // The committed events wait behind the transaction still in flight: answered now, the position would pass low.
        Assert.Empty(await PollAsync());
        await CommitAsync(held);
        await PollAsync();

        Assert.Equal(high.Prepend(low).Order(), _polled.Select(e => e.Seq).Order());
        Assert.Equal(_polled.Count, _polled.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public async Task A_transaction_that_began_first_and_draws_its_seq_last_is_polled_in_its_place()
    {
        await using var held = await HoldOpenAsync();
        // As PayState's writer begins: the events table held for writing, then a transaction id, the event much later.
        await using (var begin = new NpgsqlCommand("LOCK TABLE events IN ROW EXCLUSIVE MODE; SELECT pg_current_xact_id()", held)) await begin.ExecuteScalarAsync();
        var first = await _a.WriteAsync(tx => tx.InsertEvent(Event("o1", 2)));
        var late = await InsertEventAsync(held, "held", 2);
        var after = await _b.WriteAsync(tx => tx.InsertEvent(Event("o2", 2)));
        Assert.True(first < late && late < after);

        Assert.Empty(await PollAsync());
        await CommitAsync(held);
        await PollAsync();

        // The held transaction is the oldest: its event comes first, whatever its seq.
        Assert.Equal([late, first, after], _polled.Select(e => e.Seq));
    }

    [Fact]
    public async Task A_long_transaction_that_writes_no_events_does_not_hold_the_feed_back()
    {
        await using var other = await HoldOpenAsync();
        await using (var xid = new NpgsqlCommand("SELECT pg_current_xact_id()", other)) await xid.ExecuteScalarAsync();
        var seq = await _a.WriteAsync(tx => tx.InsertEvent(Event("o1", 2)));

        Assert.Equal([seq], (await PollAsync()).Select(e => e.Seq));
        await CommitAsync(other);
    }

    [Fact]
    public async Task A_change_behind_a_younger_transactions_change_of_its_object_runs_again_and_is_listed_after_it()
    {
        await _a.WriteAsync(tx =>
        {
            tx.InsertObject(Object("o"));
            tx.InsertObject(Object("p"));
            return true;
        });
        using var gate = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        var runs = 0;
        // A's batch has its transaction id (it locked p) before B's, and changes o only after B's change of o committed.
        var slow = _a.WriteAsync(tx =>
        {
            Interlocked.Increment(ref runs);
            tx.LockObject("p");
            started.Release();
            gate.Wait();
            return tx.RecordChange(Change(tx.LockObject("o")!));
        });
        await started.WaitAsync();
        var fast = await _b.WriteAsync(tx => tx.RecordChange(Change(tx.LockObject("o")!)));
        gate.Set();
        var written = await slow;

        Assert.NotNull(fast);
        Assert.NotNull(written);
        Assert.Equal(2, runs);
        await PollAsync();
        Assert.Equal([2, 3], _polled.Where(e => e.ObjectId == "o").Select(e => e.Version));
    }

    /// One page after the position, as the events API answers it, moving the position past what was answered.
    private async Task<IReadOnlyList<EventRecord>> PollAsync()
    {
        var page = await _b.ListEventsAsync("m", _position, 0, 100, CancellationToken.None);
        if (page.Count > 0) _position = EventPosition.Of(page[^1]);
        Assert.All(page.Zip(page.Skip(1)), p => Assert.True((p.First.Xid, p.First.Seq).CompareTo((p.Second.Xid, p.Second.Seq)) < 0));
        _polled.AddRange(page);
        return page;
    }

    private async Task<NpgsqlConnection> HoldOpenAsync()
    {
        var connection = new NpgsqlConnection($"{TestPostgres.ConnectionString(_schema)};Pooling=false");
        await connection.OpenAsync();
        await using var begin = new NpgsqlCommand("BEGIN", connection);
        await begin.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task<long> InsertEventAsync(NpgsqlConnection connection, string objectId, int sequence)
    {
        await using var insert = new NpgsqlCommand("""
            INSERT INTO events (id, merchant_id, object_kind, object_id, sequence, type, created_at, payload)
            VALUES (@id, 'm', 'acquiring_order', @object, @sequence, 'x', 0, '\x7b7d') RETURNING seq
            """, connection);
        insert.Parameters.AddWithValue("id", $"evt_{Guid.NewGuid():N}");
        insert.Parameters.AddWithValue("object", objectId);
        insert.Parameters.AddWithValue("sequence", sequence);
        return (long)(await insert.ExecuteScalarAsync())!;
    }

    private static async Task CommitAsync(NpgsqlConnection connection)
    {
        await using var commit = new NpgsqlCommand("COMMIT", connection);
        await commit.ExecuteNonQueryAsync();
    }

    private static PayObject Object(string id) => new(id, "acquiring_order", "m", "t", "Created", 1, "{}", T0, T0);

    private static EventRecord Event(string objectId, int sequence) =>
        new(0, $"evt_{Guid.NewGuid():N}", "m", "acquiring_order", objectId, sequence, "x", T0, Encoding.UTF8.GetBytes("{}"));

    private static ChangeWrite Change(PayObject current)
    {
        var updated = current with { Version = current.Version + 1, State = $"S{current.Version + 1}" };
        return new ChangeWrite(updated, Event(current.Id, updated.Version), [], null, []);
    }
}
