using System.Text.Json;

namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    // Attempts and inbox entries are read up to the first too new, so what goes is one range of keys.
    public RetentionPage RemoveAttempts(long after, DateTimeOffset before, int limit)
    {
        var rows = Rows("SELECT id, attempted_at < $before, 1 FROM attempts WHERE id > $after ORDER BY id LIMIT $limit", after, before, limit);
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0) Range("DELETE FROM attempts WHERE id > $after AND id <= $last", after, last);
        return new RetentionPage(remove.Count, last, done);
    }

    public RetentionPage RemoveInboxMessages(long after, DateTimeOffset before, int limit)
    {
        var rows = Rows("SELECT id, received_at < $before, 1 FROM sandbox_inbox WHERE id > $after ORDER BY id LIMIT $limit", after, before, limit);
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0) Range("DELETE FROM sandbox_inbox WHERE id > $after AND id <= $last", after, last);
        return new RetentionPage(remove.Count, last, done);
    }

    // A delivery is settled when it succeeded or died; one still open stays, and the sweep goes past it.
    public RetentionPage RemoveSettledDeliveries(long after, DateTimeOffset before, int limit)
    {
        var rows = Rows("""
            SELECT seq, created_at < $before, status IN ('succeeded', 'dead') AND updated_at < $before
            FROM deliveries WHERE seq > $after ORDER BY seq LIMIT $limit
            """, after, before, limit);
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0)
        {
            var seqs = JsonSerializer.Serialize(remove, StoreJsonContext.Default.ListInt64);
            Keys("DELETE FROM attempts WHERE delivery_seq IN (SELECT value FROM json_each($keys))", seqs);
            Keys("DELETE FROM deliveries WHERE seq IN (SELECT value FROM json_each($keys))", seqs);
        }
        return new RetentionPage(remove.Count, last, done);
    }

    public RetentionPage RemoveEvents(long after, DateTimeOffset before, int limit)
    {
        var rows = new List<RetentionRow>();
        using (var r = commands.Get("""
                   SELECT e.seq, e.created_at < $before,
                          NOT EXISTS (SELECT 1 FROM objects o WHERE o.id = e.object_id AND o.head_seq = e.seq),
                          EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = e.seq AND d.status IN ('pending', 'failed'))
                   FROM events e WHERE e.seq > $after ORDER BY e.seq LIMIT $limit
                   """).With("$after", after).With("$before", before).With("$limit", limit).ExecuteReader())
        {
            while (r.Read()) rows.Add(new RetentionRow(r.GetInt64(0), !r.GetBoolean(1), r.GetBoolean(2), Blocks: r.GetBoolean(3)));
        }
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0)
        {
            var seqs = JsonSerializer.Serialize(remove, StoreJsonContext.Default.ListInt64);
            Keys("DELETE FROM attempts WHERE delivery_seq IN (SELECT d.seq FROM deliveries d WHERE d.event_seq IN (SELECT value FROM json_each($keys)))", seqs);
            Keys("DELETE FROM deliveries WHERE event_seq IN (SELECT value FROM json_each($keys))", seqs);
            Keys("DELETE FROM events WHERE seq IN (SELECT value FROM json_each($keys))", seqs);
        }
        return new RetentionPage(remove.Count, last, done);
    }

    /// Rows of (key, older than the cut, to remove), oldest first.
    private List<RetentionRow> Rows(string sql, long after, DateTimeOffset before, int limit)
    {
        var rows = new List<RetentionRow>();
        using var r = commands.Get(sql).With("$after", after).With("$before", before).With("$limit", limit).ExecuteReader();
        while (r.Read()) rows.Add(new RetentionRow(r.GetInt64(0), !r.GetBoolean(1), r.GetBoolean(2)));
        return rows;
    }

    private void Range(string sql, long after, long last) =>
        commands.Get(sql).With("$after", after).With("$last", last).ExecuteNonQuery();

    private void Keys(string sql, string keys) => commands.Get(sql).With("$keys", keys).ExecuteNonQuery();
}
