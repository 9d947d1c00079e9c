using Npgsql;

namespace PayState.Server.Storage.Postgres;

/// A process's PostgreSQL writer connection for the group-commit queue. A connection that broke (the server
/// restarted) is dropped and a new one opened for the next batch, so the writer recovers by itself.
internal sealed class PostgresBatchSession : IBatchSession
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _channel;
    private readonly PostgresTransaction _transaction;
    private readonly ApiKeyCache _apiKeys;
    private NpgsqlConnection? _connection;

    private readonly CommitOutcome _outcome;
    private string _transactionId = "";
    private int _backend;

    public PostgresBatchSession(NpgsqlDataSource dataSource, string channel, ApiKeyCache apiKeys, CommitOutcome outcome)
    {
        _dataSource = dataSource;
        _channel = channel;
        _apiKeys = apiKeys;
        _outcome = outcome;
        _transaction = new PostgresTransaction(() => _connection!);
    }

    public IStoreTransaction Transaction => _transaction;

    public void Begin()
    {
        Forget();
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
            // Read now: a connection that broke no longer tells.
            _backend = _connection.ProcessID;
            // The writer's statements look rows up by key whatever their parameters, so one generic plan serves
            // every execution; left to choose, PostgreSQL plans the change statement (CTEs) afresh each time.
            Execute("SET plan_cache_mode = force_generic_plan");
        }
        // Batches of several processes commit at once, each object's row lock orders its changes, and the events API
        // lists only below the oldest transaction in flight that may write an event: one that holds the events table
        // in this mode, taken before the transaction has an id (PostgresStore.ListEventsAsync). Every writer takes
        // the mode, which conflicts with none of the others.
        // The transaction's id is asked for last, after the lock and in the same round trip: what a COMMIT that got no
        // answer is looked up by (CommitOutcome).
        _transactionId = ExecuteForLast("BEGIN", "LOCK TABLE events IN ROW EXCLUSIVE MODE", "SELECT pg_current_xact_id()::text");
    }

    /// Rolled back for a reason that a new transaction does not have: PostgreSQL broke a deadlock between batches of
    /// two processes that locked the same objects in opposite orders, or a change came after a younger transaction's.
    public bool MustRunAgain(Exception e) =>
        e is TransactionOrderException or PostgresException { SqlState: PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure };

    /// The migrations' lock, one per PayState schema, so installations sharing a database do not wait on each other.
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
        try
        {
            batch.ExecuteNonQuery();
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e))
        {
            // The COMMIT may have reached the server, and been carried out, before the connection went: ask what
            // became of the transaction on a new connection, so the callers hear what happened and not a guess.
            _connection?.Dispose();
            _connection = null;
            switch (_outcome.Find(_transactionId, _backend))
            {
                case true:
                    return;
                case false:
                    throw;
                default:
                    throw new CommitOutcomeUnknownException(
                        $"The connection was lost during COMMIT of transaction {_transactionId}, and whether it committed could not be found out.", e);
            }
        }
        finally
        {
            Forget();
        }
    }

    /// Drops what the batch collected. This process's API keys read before a terminal was written are retired at
    /// once, committed or not; the other processes retire theirs when they hear the NOTIFY.
    private void Forget()
    {
        if (_transaction.Notices.TerminalsWritten) _apiKeys.Invalidate();
        _transaction.Notices.Clear();
    }

    public void Abort()
    {
        Forget();
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

    /// The statements in one round trip; the last one's single value.
    private string ExecuteForLast(params string[] statements)
    {
        using var batch = new NpgsqlBatch(_connection);
        foreach (var sql in statements) batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        using var reader = batch.ExecuteReader();
        string? last = null;
        do
        {
            while (reader.Read()) last = reader.GetValue(0) as string;
        }
        while (reader.NextResult());
        return last ?? throw new InvalidOperationException("The last statement answered no text.");
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
