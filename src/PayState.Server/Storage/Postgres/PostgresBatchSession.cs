using Npgsql;

namespace PayState.Server.Storage.Postgres;

/// A process's PostgreSQL writer connection for the group-commit queue. A connection that broke (the server
/// restarted) is dropped and a new one opened for the next batch, so the writer recovers by itself.
internal sealed class PostgresBatchSession : IBatchSession
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly PostgresTransaction _transaction;
    private NpgsqlConnection? _connection;

    private readonly long _writeLock;

    public PostgresBatchSession(NpgsqlDataSource dataSource, string channel)
    {
        _dataSource = dataSource;
        _channel = channel;
        _writeLock = LockKey(channel);
        _transaction = new PostgresTransaction(() => _connection!);
    }

    public IStoreTransaction Transaction => _transaction;

    public void Begin()
    {
        _transaction.Notices.Clear();
        try
        {
            Start();
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e))
        {
            // A connection the server dropped (a restart) looks open until it is used, so the first batch after
            // a restart fails here. Nothing of the batch has run yet: a new connection may take it.
            _connection?.Dispose();
            _connection = null;
            Start();
        }
    }

    private void Start()
    {
        if (_connection is not { State: System.Data.ConnectionState.Open })
        {
            _connection?.Dispose();
            _connection = _dataSource.OpenConnection();
            // The writer's statements look rows up by key whatever their parameters, so one generic plan serves
            // every execution; left to choose, PostgreSQL planned the change statement (CTEs) afresh each time,
            // a third of the writer backend's CPU.
            Execute("SET plan_cache_mode = force_generic_plan");
        }
        // Write batches of all processes take turns: event sequence numbers then commit in order (the events
        // API's cursor never skips one), and as the first lock every batch takes, it cannot deadlock.
        Execute("BEGIN", $"SELECT pg_advisory_xact_lock({_writeLock})");
    }

    /// One lock per PayState schema, so installations sharing a database do not wait on each other.
    public static long LockKey(string channel) =>
        BitConverter.ToInt64(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(channel)), 0);

    public void Savepoint() => Execute("SAVEPOINT unit");

    public void Release() => Execute("RELEASE SAVEPOINT unit");

    public void RollbackToSavepoint()
    {
        Execute("ROLLBACK TO SAVEPOINT unit", "RELEASE SAVEPOINT unit");
    }

    /// NOTIFY inside the transaction: PostgreSQL delivers it only if, and when, the batch commits.
    /// The notices and the COMMIT go in one round trip.
    public void Commit()
    {
        using var batch = new NpgsqlBatch(_connection);
        foreach (var payload in _transaction.Notices.Drain())
            batch.BatchCommands.Add(new NpgsqlCommand("SELECT pg_notify(@channel, @payload)").With("@channel", _channel).With("@payload", payload).ToBatchCommand());
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        batch.ExecuteNonQuery();
    }

    public void Abort()
    {
        _transaction.Notices.Clear();
        try
        {
            if (_connection is { State: System.Data.ConnectionState.Open }) Execute("ROLLBACK");
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// The statements in one round trip.
    private void Execute(params string[] statements)
    {
        using var batch = new NpgsqlBatch(_connection);
        foreach (var sql in statements) batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        batch.ExecuteNonQuery();
    }

    public void Dispose() => _connection?.Dispose();
}
