namespace PayState.Server.Storage.Postgres;

/// Where an object's document is read from (migration 0006): the row while no event carries it (a checkout's, a
/// session's), the newest event once one does (an acquiring order's), and before that the first document kept
/// apart. Coalesce stops at the first that is there. Constants, so the statements built from them are too.
internal static class PostgresObjectDocument
{
    public const string Columns = StoreRows.ObjectKeyColumns + """
        , coalesce(o.data,
                   (SELECT convert_from(e.payload, 'UTF8') FROM events e WHERE e.seq = o.head_seq),
                   (SELECT c.data FROM creation_documents c WHERE c.object_id = o.id)),
        """ + StoreRows.ObjectTimeColumns;

    public const string Find = $"SELECT {Columns} FROM objects o WHERE o.id = @id";
}
