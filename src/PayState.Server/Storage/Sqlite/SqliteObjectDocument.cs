namespace PayState.Server.Storage.Sqlite;

/// Where an object's document is read from (migration 0007): the row while no event carries it (a checkout's, a
/// session's), the newest event once one does (an acquiring order's), and before that the first document kept
/// apart. Coalesce stops at the first that is there. Constants, so the statements built from them are too.
internal static class SqliteObjectDocument
{
    public const string Columns = StoreRows.ObjectKeyColumns + """
        , coalesce(o.data,
                   (SELECT CAST(e.payload AS TEXT) FROM events e WHERE e.seq = o.head_seq),
                   (SELECT c.data FROM creation_documents c WHERE c.object_created = o.created_at AND c.object_id = o.id)),
        """ + StoreRows.ObjectTimeColumns;

    public const string Find = $"SELECT {Columns} FROM objects o WHERE o.id = $id";

    /// An object read with Columns through the statement layer (StoreRows.Object reads the same from a DbDataReader).
    public static PayObject Read(SqliteStatement r) => new(
        r.Text(0), r.Text(1), r.Text(2), r.Text(3), r.Text(4), r.Int32(5), r.Text(6), r.Time(7), r.Time(8));
}
