namespace PayState.Server.Storage;

/// The retention sweep's reads, and its deletes of a range of keys, in the SQL both databases read (as StoreSql). Each
/// read gives rows of (key, older than the cut, to remove), oldest first; the deletes of a page's listed keys stay in
/// each store, since each passes a list its own way (PostgreSQL an array, SQLite a JSON array).
internal static class RetentionSql
{
    public const string Attempts = "SELECT id, attempted_at < @before, true FROM attempts WHERE id > @after ORDER BY id LIMIT @limit";

    public const string AttemptsRange = "DELETE FROM attempts WHERE id > @after AND id <= @last";

    public const string InboxMessages = "SELECT id, received_at < @before, true FROM sandbox_inbox WHERE id > @after ORDER BY id LIMIT @limit";

    public const string InboxRange = "DELETE FROM sandbox_inbox WHERE id > @after AND id <= @last";

    /// A delivery is settled when it succeeded or died; one still open stays, and the sweep goes past it.
    public const string SettledDeliveries = """
        SELECT seq, created_at < @before, status IN ('succeeded', 'dead') AND updated_at < @before
        FROM deliveries WHERE seq > @after ORDER BY seq LIMIT @limit
        """;

    /// An object's newest event stays (it holds the object's document); an event a delivery still waits on blocks.
    public const string Events = """
        SELECT e.seq, e.created_at < @before,
               NOT EXISTS (SELECT 1 FROM objects o WHERE o.id = e.object_id AND o.head_seq = e.seq),
               EXISTS (SELECT 1 FROM deliveries d WHERE d.event_seq = e.seq AND d.status IN ('pending', 'failed'))
        FROM events e WHERE e.seq > @after ORDER BY e.seq LIMIT @limit
        """;
}
