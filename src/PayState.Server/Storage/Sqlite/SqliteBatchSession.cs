using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// The SQLite writer connection. BEGIN IMMEDIATE takes the write lock up front, so a batch never fails half
/// way for want of it.
internal sealed class SqliteBatchSession : IBatchSession
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommandCache _commands;
    private readonly SqliteTransaction _transaction;

    public SqliteBatchSession(SqliteConnection connection, ApiKeyCache apiKeys)
    {
        _connection = connection;
        _commands = new SqliteCommandCache(connection);
        _transaction = new SqliteTransaction(_commands, apiKeys);
    }

    public IStoreTransaction Transaction => _transaction;

    public void Begin() => Execute("BEGIN IMMEDIATE");

    public void Savepoint() => Execute("SAVEPOINT unit");

    public void Release() => Execute("RELEASE unit");

    public void RollbackToSavepoint()
    {
        Execute("ROLLBACK TO unit");
        Execute("RELEASE unit");
    }

    public void Commit()
    {
        Execute("COMMIT");
        _transaction.Ended();
    }

    public void Abort()
    {
        // A COMMIT that threw may or may not have written: retire cached terminals either way.
        _transaction.Ended();
        if (SQLitePCL.raw.sqlite3_get_autocommit(_connection.Handle) != 0) return;
        try { Execute("ROLLBACK"); }
        catch (SqliteException) { /* the connection already rolled back */ }
    }

    private void Execute(string sql) => _commands.Statement(sql).Execute();

    public void Dispose()
    {
        _commands.Dispose();
        _connection.Dispose();
    }
}
