using System.Text;
using PayState.Server.Storage;
using PayState.Server.Storage.Postgres;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// Write batches of two processes on one PostgreSQL database commit at once: nothing but the rows a batch changes is
/// locked, and a deadlock between two batches costs the one PostgreSQL broke a rerun, not its units.
public sealed class ConcurrentBatchesOnPostgresTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    // Only a failing test waits this long: a batch that waited on the other process's would never end otherwise.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly int[] ChangedOnce = [2, 2];
    private readonly string _schema = TestPostgres.NewSchema();
    private PostgresStore _a = null!;
    private PostgresStore _b = null!;

    public async Task InitializeAsync()
    {
        _a = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        _b = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        await _a.MigrateAsync(CancellationToken.None);
        await _b.MigrateAsync(CancellationToken.None);
        await _a.WriteAsync(tx =>
        {
            tx.InsertObject(Object("o1"));
            tx.InsertObject(Object("o2"));
            return true;
        });
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        TestPostgres.DropSchema(_schema);
    }

    [Fact]
    public async Task A_batch_of_one_process_commits_while_the_other_processes_batch_is_still_open()
    {
        using var gate = new ManualResetEventSlim();
        using var started = new SemaphoreSlim(0);
        var open = _a.WriteAsync(tx =>
        {
            var written = tx.RecordChange(Change(tx.LockObject("o1")!));
            started.Release();
            gate.Wait();
            return written;
        });
        await started.WaitAsync();

        WrittenChange? other;
        try
        {
            other = await _b.WriteAsync(tx => tx.RecordChange(Change(tx.LockObject("o2")!))).WaitAsync(Patience);
            Assert.False(open.IsCompleted);
        }
        finally
        {
            gate.Set();
        }

        Assert.NotNull(other);
        Assert.NotNull(await open);
        Assert.Equal(ChangedOnce, await VersionsAsync());
    }

    [Fact]
    public async Task Two_batches_that_lock_the_same_objects_in_opposite_orders_both_commit_the_broken_one_runs_again()
    {
        using var bothHoldOne = new CountdownEvent(2);
        var runs = 0;
        T Crosswise<T>(IStoreTransaction tx, string first, string second, Func<PayObject, T> write)
        {
            Interlocked.Increment(ref runs);
            tx.LockObject(first);
            // Only the first run of each waits: the rerun of the batch PostgreSQL broke goes straight on.
            if (!bothHoldOne.IsSet)
            {
                bothHoldOne.Signal();
                bothHoldOne.Wait();
            }
            return write(tx.LockObject(second)!);
        }

        var a = _a.WriteAsync(tx => Crosswise(tx, "o1", "o2", o => tx.RecordChange(Change(o))));
        var b = _b.WriteAsync(tx => Crosswise(tx, "o2", "o1", o => tx.RecordChange(Change(o))));
        var written = await Task.WhenAll(a, b).WaitAsync(Patience);

        // PostgreSQL rolled one of them back; it ran again in a new transaction once the other had committed. A
        // starved host (load average 28) once saw one more run, each object still changed once: at least one rerun.
        Assert.All(written, Assert.NotNull);
        Assert.InRange(runs, 3, 5);
        Assert.Equal(ChangedOnce, await VersionsAsync());
    }

    private async Task<int[]> VersionsAsync() =>
        [(await _b.FindObjectAsync("o1", CancellationToken.None))!.Version, (await _b.FindObjectAsync("o2", CancellationToken.None))!.Version];

    private static PayObject Object(string id) => new(id, "acquiring_order", "m", "t", "Created", 1, "{}", T0, T0);

    private static ChangeWrite Change(PayObject current)
    {
        var updated = current with { Version = current.Version + 1, State = $"S{current.Version + 1}" };
        var e = new EventRecord(0, $"evt_{Guid.NewGuid():N}", "m", "acquiring_order", current.Id, updated.Version, "x", T0, Encoding.UTF8.GetBytes("{}"));
        return new ChangeWrite(updated, e, [], null, []);
    }
}
