using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// One writer connection fed by a queue. Whatever work is waiting when the writer comes round is run in
/// one transaction, each piece inside its own savepoint, and committed with one fsync: a group commit.
/// Callers hear back only after that commit is durable.
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<IWriteItem> _queue = Channel.CreateUnbounded<IWriteItem>(new() { SingleReader = true });
    private readonly SqliteConnection _connection;
    private readonly SqliteCommandCache _commands;
    private readonly SqliteTransaction _transaction;
    private readonly Task _loop;

    public SqliteWriteQueue(SqliteConnection connection)
    {
        _connection = connection;
        _commands = new SqliteCommandCache(connection);
        _transaction = new SqliteTransaction(_commands);
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public Task<T> EnqueueAsync<T>(Func<IStoreTransaction, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem<T>(work);
        if (!_queue.Writer.TryWrite(item)) throw new InvalidOperationException("The store is shut down.");
        return item.Completion.Task;
    }

    private async Task RunAsync()
    {
        var batch = new List<IWriteItem>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            RunBatch(batch);
            batch.Clear();
        }
    }

    private void RunBatch(List<IWriteItem> batch)
    {
        try
        {
            Execute("BEGIN IMMEDIATE");
            foreach (var item in batch)
            {
                Execute("SAVEPOINT unit");
                try
                {
                    item.Run(_transaction);
                    Execute("RELEASE unit");
                }
                catch (Exception e)
                {
                    Execute("ROLLBACK TO unit");
                    Execute("RELEASE unit");
                    item.Fail(e);
                }
            }
            Execute("COMMIT");
        }
        catch (Exception e)
        {
            if (!_connection.AutoCommit()) TryExecute("ROLLBACK");
            foreach (var item in batch) item.Fail(e);
        }
        foreach (var item in batch) item.Complete();
    }

    private void Execute(string sql) => _commands.Get(sql).ExecuteNonQuery();

    private void TryExecute(string sql)
    {
        try { Execute(sql); }
        catch (SqliteException) { /* the connection already rolled back */ }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _commands.Dispose();
        await _connection.DisposeAsync().ConfigureAwait(false);
    }

    private interface IWriteItem
    {
        void Run(IStoreTransaction transaction);
        void Fail(Exception error);
        void Complete();
    }

    private sealed class WriteItem<T>(Func<IStoreTransaction, T> work) : IWriteItem
    {
        private T? _result;
        private Exception? _error;

        // Continuations must not run on the writer thread and stall the next batch.
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(IStoreTransaction transaction) => _result = work(transaction);

        public void Fail(Exception error) => _error ??= error;

        public void Complete()
        {
            if (_error is not null) Completion.TrySetException(_error);
            else Completion.TrySetResult(_result!);
        }
    }
}

internal static class SqliteConnectionState
{
    /// Whether no transaction is open on the connection.
    public static bool AutoCommit(this SqliteConnection connection) =>
        SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0;
}
