namespace PayState.Server.Acquiring.Chain;

public enum WatcherState
{
    /// Not yet through its first cycle.
    Starting,

    /// Holds the lease and has finished the head block.
    Following,

    /// Holds the lease and is catching up.
    Behind,

    /// Another process holds the network's lease; this one waits to take over.
    Standby,

    /// The node cannot be reached or answers errors; retried with backoff.
    RpcUnreachable,

    /// The node reports another chain id than configured; nothing is scanned.
    WrongChain,
}

/// What one network's watcher in this process is doing, for /readyz, /metrics and the dashboard; and a way for tests
/// to wait for a cycle instead of for time.
public sealed class WatcherStatus(string network)
{
    private readonly Lock _gate = new();
    private readonly List<(long Cycle, TaskCompletionSource Done)> _waiters = [];
    private long _started;
    private long _finished;

    public string Network => network;

    public WatcherState State { get; private set; } = WatcherState.Starting;

    public long? Head { get; private set; }

    public long? FinishedBlock { get; private set; }

    public string? LastError { get; private set; }

    public long Reorganisations { get; private set; }

    /// Blocks between the head and the last finished one; 0 before anything is known.
    public long BlocksBehind => Head is { } head && FinishedBlock is { } done ? Math.Max(0, head - done) : 0;

    public long CyclesStarted => Interlocked.Read(ref _started);

    public void Scanned(long head, long finished)
    {
        (Head, FinishedBlock, LastError) = (head, finished, null);
        State = finished >= head ? WatcherState.Following : WatcherState.Behind;
    }

    public void Standby() => (State, LastError) = (WatcherState.Standby, null);

    public void Unreachable(string error) => (State, LastError) = (WatcherState.RpcUnreachable, error);

    public void WrongChain(string error) => (State, LastError) = (WatcherState.WrongChain, error);

    public void Reorganised() => Reorganisations++;

    public long CycleStarting() => Interlocked.Increment(ref _started);

    public void CycleFinished(long cycle)
    {
        lock (_gate)
        {
            _finished = Math.Max(_finished, cycle);
            foreach (var waiter in _waiters.Where(w => w.Cycle <= _finished).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
    }

    /// Completes when a cycle numbered at least cycle has finished.
    public Task CycleFinishedAsync(long cycle)
    {
        lock (_gate)
        {
            if (_finished >= cycle) return Task.CompletedTask;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((cycle, done));
            return done.Task;
        }
    }
}
