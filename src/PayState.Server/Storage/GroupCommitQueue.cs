using System.Diagnostics;
using System.Threading.Channels;

namespace PayState.Server.Storage;

/// One writer connection fed by a queue. Whatever work is waiting when the writer comes round is run in one
/// transaction and committed at once: a group commit, one fsync for many changes. Callers hear back only after
/// that commit is durable. A piece that throws is rolled back alone: the batch is rolled back and run again with
/// each piece in its own savepoint, so a piece of work may run twice and must act only through its transaction.
/// Each piece runs under the span that enqueued it, so what it does (a statement, an event it writes) is traced as
/// part of the request or timer that asked for it.
public sealed class GroupCommitQueue : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<IWriteItem> _queue = Channel.CreateUnbounded<IWriteItem>(new() { SingleReader = true });
    private readonly IBatchSession _session;
    private readonly Task _loop;

    public GroupCommitQueue(IBatchSession session)
    {
        _session = session;
        // A thread of its own: the writer blocks in synchronous database calls, which on the thread pool would
        // starve request handling (a PostgreSQL round trip is milliseconds).
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public Task<T> EnqueueAsync<T>(Func<IStoreTransaction, T> work, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var item = new WriteItem<T>(work);
        if (!_queue.Writer.TryWrite(item)) throw new InvalidOperationException("The store is shut down.");
        return item.Completion.Task;
    }

    private void Run()
    {
        var batch = new List<IWriteItem>(MaxBatch);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item)) batch.Add(item);
            RunBatch(batch);
            batch.Clear();
        }
    }

    private void RunBatch(List<IWriteItem> batch)
    {
        var outcome = TryRunTogether(batch);
        for (var rerun = 0; outcome == Outcome.RunAgain && rerun < MaxReruns; rerun++) outcome = TryRunTogether(batch);
        if (outcome != Outcome.Done) RunIsolated(batch);
        foreach (var item in batch) item.Complete();
    }

    // A rerun after the store rolled a batch back for its transaction's sake (IBatchSession.MustRunAgain: a deadlock the
    // database broke): the same units in a new transaction usually pass at once.
    private const int MaxReruns = 3;

    private enum Outcome
    {
        Done,
        RunAgain,
        Isolate,
    }

    /// The whole batch without savepoints: units almost never throw, and a savepoint per unit costs two statements
    /// and a copy of every page the unit touches. Everything is rolled back when a
    /// unit of a batch of several threw (to be run again unit by unit) or the transaction must run again.
    private Outcome TryRunTogether(List<IWriteItem> batch)
    {
        var unitFailed = false;
        try
        {
            _session.Begin();
            foreach (var item in batch)
            {
                unitFailed = true;
                item.Run(_session.Transaction);
                unitFailed = false;
            }
            _session.Commit();
            return Outcome.Done;
        }
        catch (Exception e)
        {
            _session.Abort();
            if (_session.MustRunAgain(e)) return Outcome.RunAgain;
            if (unitFailed && batch.Count > 1 && !IsConnectionFailure(e)) return Outcome.Isolate;
            foreach (var item in batch) item.Fail(e);
            return Outcome.Done;
        }
    }

    /// Each unit inside its own savepoint, so the one that throws is rolled back alone.
    private void RunIsolated(List<IWriteItem> batch)
    {
        try
        {
            _session.Begin();
            foreach (var item in batch)
            {
                _session.Savepoint();
                try
                {
                    item.Run(_session.Transaction);
                    _session.Release();
                }
                catch (Exception e) when (!IsConnectionFailure(e))
                {
                    _session.RollbackToSavepoint();
                    item.Fail(e);
                }
            }
            _session.Commit();
        }
        catch (Exception e)
        {
            _session.Abort();
            foreach (var item in batch) item.Fail(e);
        }
    }

    // A broken connection fails the whole batch: no savepoint can be rolled back on it.
    private static bool IsConnectionFailure(Exception e) => StoreFailure.IsUnavailable(e);

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
        _session.Dispose();
    }

    private interface IWriteItem
    {
        void Run(IStoreTransaction transaction);
        void Fail(Exception error);
        void Complete();
    }

    private sealed class WriteItem<T>(Func<IStoreTransaction, T> work) : IWriteItem
    {
        // Null unless tracing is on and the caller was traced: then the writer sets nothing.
        private readonly Activity? _span = Activity.Current;
        private T? _result;
        private Exception? _error;

        // Continuations must not run on the writer and stall the next batch.
        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Run(IStoreTransaction transaction)
        {
            if (_span is null)
            {
                _result = work(transaction);
                return;
            }
            Activity.Current = _span;
            try
            {
                _result = work(transaction);
            }
            finally
            {
                Activity.Current = null;
            }
        }

        public void Fail(Exception error) => _error ??= error;

        public void Complete()
        {
            if (_error is not null) Completion.TrySetException(_error);
            else Completion.TrySetResult(_result!);
        }
    }
}
