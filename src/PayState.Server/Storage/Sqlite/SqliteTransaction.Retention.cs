using System.Text.Json;

namespace PayState.Server.Storage.Sqlite;

internal sealed partial class SqliteTransaction
{
    // Attempts and inbox entries are read up to the first too new, so what goes is one range of keys.
    public RetentionPage RemoveAttempts(long after, DateTimeOffset before, int limit)
    {
        var rows = Rows(RetentionSql.Attempts, after, before, limit);
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0) Range(RetentionSql.AttemptsRange, after, last);
        return new RetentionPage(remove.Count, last, done);
    }

    public RetentionPage RemoveInboxMessages(long after, DateTimeOffset before, int limit)
    {
        var rows = Rows(RetentionSql.InboxMessages, after, before, limit);
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0) Range(RetentionSql.InboxRange, after, last);
        return new RetentionPage(remove.Count, last, done);
    }

    public RetentionPage RemoveSettledDeliveries(long after, DateTimeOffset before, int limit)
    {
        var rows = Rows(RetentionSql.SettledDeliveries, after, before, limit);
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
        using (var r = commands.Get(RetentionSql.Events).With("@after", after).With("@before", before).With("@limit", limit).ExecuteReader())
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
        using var r = commands.Get(sql).With("@after", after).With("@before", before).With("@limit", limit).ExecuteReader();
        while (r.Read()) rows.Add(new RetentionRow(r.GetInt64(0), !r.GetBoolean(1), r.GetBoolean(2)));
        return rows;
    }

    private void Range(string sql, long after, long last) =>
        commands.Get(sql).With("@after", after).With("@last", last).ExecuteNonQuery();

    private void Keys(string sql, string keys) => commands.Get(sql).With("$keys", keys).ExecuteNonQuery();
}
