using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// The SQLite writer connection. BEGIN IMMEDIATE takes the write lock up front, so a batch never fails half
/// way for want of it.
internal sealed class SqliteBatchSession : IBatchSession
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommandCache _commands;

    public SqliteBatchSession(SqliteConnection connection)
    {
        _connection = connection;
        _commands = new SqliteCommandCache(connection);
        Transaction = new SqliteTransaction(_commands);
    }

    public IStoreTransaction Transaction { get; }

    public void Begin() => Execute("BEGIN IMMEDIATE");

    public void Savepoint() => Execute("SAVEPOINT unit");

    public void Release() => Execute("RELEASE unit");

    public void RollbackToSavepoint()
    {
        Execute("ROLLBACK TO unit");
        Execute("RELEASE unit");
    }

    public void Commit() => Execute("COMMIT");

    public void Abort()
    {
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0) return;
        try { Execute("ROLLBACK"); }
        catch (SqliteException) { /* the connection already rolled back */ }
    }

    private void Execute(string sql) => _commands.Get(sql).ExecuteNonQuery();

    public void Dispose()
    {
        _commands.Dispose();
        _connection.Dispose();
    }
}
