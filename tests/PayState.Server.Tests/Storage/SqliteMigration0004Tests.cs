using System.Text;
using PayState.Server.Storage;
using PayState.Server.Storage.Sqlite;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// SQLite's migration 0004 rebuilds the events and timers tables keyed by their object's creation time: what was
/// written before it (by the build at schema 3, with its statements) reads back the same after every later migration,
/// and event seqs (the events API's cursor) are never reused.
public sealed class SqliteMigration0004Tests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly OldDatabase _old = new(Backend.Sqlite, 3);

    public void Dispose() => _old.Dispose();

    [Fact]
    public async Task Migration0004_EventsAndTimersWrittenBeforeIt_ReadBackAndSeqsKeepCounting()
    {
        InsertObject("a", T0);
        InsertObject("b", T0.AddSeconds(1));
        InsertTimer("a", T0.AddHours(1));
        InsertTimer("b", T0.AddHours(2));
        foreach (var (id, sequence) in new[] { ("a", 2), ("b", 2), ("a", 3) }) InsertEvent(id, sequence);
        // The seq high mark above the last event: events rolled back or removed after taking seqs.
        _old.Execute("UPDATE sqlite_sequence SET seq = 100 WHERE name = 'events'");

        await using var store = new SqliteStore(_old.ConnectionString, new FakeTimeProvider(T0));
        await store.MigrateAsync(CancellationToken.None);

        Assert.Equal([(1L, "evt_a_2", "a", 2), (2L, "evt_b_2", "b", 2), (3L, "evt_a_3", "a", 3)],
            (await store.ListEventsAsync("m", EventPosition.Start, 0, 10, CancellationToken.None)).Select(e => (e.Seq, e.Id, e.ObjectId, e.Version)));
        Assert.Equal([2, 3], (await store.ListObjectEventsAsync("a", CancellationToken.None)).Select(e => e.Version));
        Assert.Equal([2], (await store.ListObjectEventsAsync("b", CancellationToken.None)).Select(e => e.Version));
        Assert.Equal([("a", "expire"), ("b", "expire")],
            (await store.DueTimersAsync(T0.AddHours(3), 10, CancellationToken.None)).Select(t => (t.ObjectId, t.Name)));
        var (deleted, seq) = await store.WriteAsync(tx => (tx.DeleteTimer("a", "expire", T0.AddHours(1)), tx.InsertEvent(Event("b", 3))));
        Assert.True(deleted);
        Assert.Equal(101, seq);
        Assert.Equal([("b", "expire")], (await store.DueTimersAsync(T0.AddHours(3), 10, CancellationToken.None)).Select(t => (t.ObjectId, t.Name)));
    }

    private void InsertObject(string id, DateTimeOffset created) =>
        _old.Execute("""
            INSERT INTO objects (id, kind, merchant_id, terminal_id, state, version, data, created_at, updated_at)
            VALUES (@id, 'acquiring_order', 'm', 't', 'Created', 1, '{}', @t, @t)
            """, ("id", id), ("t", UnixMicros.From(created)));

    private void InsertTimer(string objectId, DateTimeOffset due) =>
        _old.Execute("INSERT INTO timers (object_id, name, due_at) VALUES (@o, 'expire', @due)", ("o", objectId), ("due", UnixMicros.From(due)));

    private void InsertEvent(string objectId, int sequence) =>
        _old.Execute("""
            INSERT INTO events (id, merchant_id, object_kind, object_id, sequence, type, created_at, payload)
            VALUES (@id, 'm', 'acquiring_order', @o, @sequence, 'x', @t, @payload)
            """, ("id", $"evt_{objectId}_{sequence}"), ("o", objectId), ("sequence", sequence), ("t", UnixMicros.From(T0)),
            ("payload", Encoding.UTF8.GetBytes("{}")));

    private static EventRecord Event(string objectId, int sequence) =>
        new(0, $"evt_{objectId}_{sequence}", "m", "acquiring_order", objectId, sequence, "x", T0, Encoding.UTF8.GetBytes("{}"));
}
