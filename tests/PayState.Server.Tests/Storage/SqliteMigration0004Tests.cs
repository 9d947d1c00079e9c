using System.Text;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// SQLite's migration 0004 rebuilds the events and timers tables keyed by their object's creation time: what was
/// written before it reads back the same, and event seqs (the events API's cursor) are never reused.
public sealed class SqliteMigration0004Tests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private TestStore _test = null!;

    private IStore Store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(Backend.Sqlite, new FakeTimeProvider(T0));

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task Migration0004_EventsAndTimersWrittenBeforeIt_ReadBackAndSeqsKeepCounting()
    {
        await Store.WriteAsync(tx =>
        {
            tx.InsertObject(new PayObject("a", "acquiring_order", "m", "t", "Created", 1, "{}", T0, T0));
            tx.InsertObject(new PayObject("b", "acquiring_order", "m", "t", "Created", 1, "{}", T0.AddSeconds(1), T0.AddSeconds(1)));
            tx.SetTimer(new TimerRecord("a", "expire", T0.AddHours(1)));
            tx.SetTimer(new TimerRecord("b", "expire", T0.AddHours(2)));
            foreach (var (id, sequence) in new[] { ("a", 2), ("b", 2), ("a", 3) }) tx.InsertEvent(Event(id, sequence));
            return true;
        });
        var before = await Store.ListEventsAsync("m", 0, 10, CancellationToken.None);

        // Put both tables back as 0003 left them, with the seq high mark above the last event (events rolled back
        // or removed after taking seqs), and forget that 0004 ran and 0005, which adds a column to the events table rebuilt here.
        await _test.ReopenAfterAsync("""
            CREATE TABLE events_0003 (
                seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, merchant_id TEXT NOT NULL, object_kind TEXT NOT NULL,
                object_id TEXT NOT NULL, sequence INTEGER NOT NULL, type TEXT NOT NULL, created_at INTEGER NOT NULL, payload BLOB NOT NULL,
                UNIQUE (object_id, sequence)
            ) STRICT;
            INSERT INTO events_0003 SELECT seq, id, merchant_id, object_kind, object_id, sequence, type, created_at, payload FROM events;
            DROP TABLE events;
            ALTER TABLE events_0003 RENAME TO events;
            UPDATE sqlite_sequence SET seq = 100 WHERE name = 'events';
            CREATE INDEX events_by_merchant ON events (merchant_id, seq);
            CREATE TABLE timers_0003 (object_id TEXT NOT NULL, name TEXT NOT NULL, due_at INTEGER NOT NULL, PRIMARY KEY (object_id, name)) STRICT;
            INSERT INTO timers_0003 SELECT object_id, name, due_at FROM timers;
            DROP TABLE timers;
            ALTER TABLE timers_0003 RENAME TO timers;
            CREATE INDEX timers_due ON timers (due_at);
            DELETE FROM schema_migrations WHERE version IN (4, 5);
            """);

        Assert.Equal(before.Select(e => (e.Seq, e.Id, e.ObjectId, e.Sequence)),
            (await Store.ListEventsAsync("m", 0, 10, CancellationToken.None)).Select(e => (e.Seq, e.Id, e.ObjectId, e.Sequence)));
        Assert.Equal([2, 3], (await Store.ListObjectEventsAsync("a", CancellationToken.None)).Select(e => e.Sequence));
        Assert.Equal([2], (await Store.ListObjectEventsAsync("b", CancellationToken.None)).Select(e => e.Sequence));
        Assert.Equal([("a", "expire"), ("b", "expire")],
            (await Store.DueTimersAsync(T0.AddHours(3), 10, CancellationToken.None)).Select(t => (t.ObjectId, t.Name)));
        var (deleted, seq) = await Store.WriteAsync(tx => (tx.DeleteTimer("a", "expire", T0.AddHours(1)), tx.InsertEvent(Event("b", 3))));
        Assert.True(deleted);
        Assert.Equal(101, seq);
        Assert.Equal([("b", "expire")], (await Store.DueTimersAsync(T0.AddHours(3), 10, CancellationToken.None)).Select(t => (t.ObjectId, t.Name)));
    }

    private static EventRecord Event(string objectId, int sequence) =>
        new(0, $"evt_{objectId}_{sequence}", "m", "acquiring_order", objectId, sequence, "x", T0, Encoding.UTF8.GetBytes("{}"));
}
