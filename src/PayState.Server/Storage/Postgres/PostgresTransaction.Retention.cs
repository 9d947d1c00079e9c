namespace PayState.Server.Storage.Postgres;

internal sealed partial class PostgresTransaction
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
            Keys("DELETE FROM attempts WHERE delivery_seq = ANY(@keys)", remove);
            Keys("DELETE FROM deliveries WHERE seq = ANY(@keys)", remove);
        }
        return new RetentionPage(remove.Count, last, done);
    }

    public RetentionPage RemoveEvents(long after, DateTimeOffset before, int limit)
    {
        var rows = new List<RetentionRow>();
        using (var command = Sql(RetentionSql.Events).With("@after", after).With("@before", before).With("@limit", limit))
        using (var r = command.ExecuteReader())
        {
            while (r.Read()) rows.Add(new RetentionRow(r.GetInt64(0), !r.GetBoolean(1), r.GetBoolean(2), Blocks: r.GetBoolean(3)));
        }
        var (remove, last, done) = RetentionPage.Scan(rows, after, limit);
        if (remove.Count > 0)
        {
            Keys("DELETE FROM attempts WHERE delivery_seq IN (SELECT d.seq FROM deliveries d WHERE d.event_seq = ANY(@keys))", remove);
            Keys("DELETE FROM deliveries WHERE event_seq = ANY(@keys)", remove);
            Keys("DELETE FROM events WHERE seq = ANY(@keys)", remove);
        }
        return new RetentionPage(remove.Count, last, done);
    }

    /// Rows of (key, older than the cut, to remove), oldest first.
    private List<RetentionRow> Rows(string sql, long after, DateTimeOffset before, int limit)
    {
        var rows = new List<RetentionRow>();
        using var command = Sql(sql).With("@after", after).With("@before", before).With("@limit", limit);
        using var r = command.ExecuteReader();
        while (r.Read()) rows.Add(new RetentionRow(r.GetInt64(0), !r.GetBoolean(1), r.GetBoolean(2)));
        return rows;
    }

    private void Range(string sql, long after, long last)
    {
        using var command = Sql(sql).With("@after", after).With("@last", last);
        command.ExecuteNonQuery();
    }

    private void Keys(string sql, List<long> keys)
    {
        using var command = Sql(sql).With("@keys", keys.ToArray());
        command.ExecuteNonQuery();
    }
}
