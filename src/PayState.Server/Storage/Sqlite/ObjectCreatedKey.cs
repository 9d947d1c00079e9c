namespace PayState.Server.Storage.Sqlite;

/// The leading key of an object's events and timers (migration 0004): its creation time, found from its id
/// (bound as $object) through the objects table's key. An id with no object gives 0, so a lookup still
/// matches what an insert stored.
internal static class ObjectCreatedKey
{
    public const string Of = "coalesce((SELECT created_at FROM objects WHERE id = $object), 0)";
}
