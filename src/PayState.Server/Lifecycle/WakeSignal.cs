namespace PayState.Server.Lifecycle;

/// Wakes a background loop at once when there is new work, so it never polls while idle.
/// A wake that arrives while the loop is busy is remembered until its next wait. One loop waits on a signal.
public sealed class WakeSignal
{
    // Commits wake the loops thousands of times a second, mostly while they are already awake: a flag and one
    // completion source per wait, where a full semaphore threw an exception for each wake and a cancelled wait
    // another.
    private readonly Lock _gate = new();
    private bool _pending;
    private TaskCompletionSource? _waiter;
    private DateTimeOffset? _until;
    private long _waits;

    public void Wake()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            waiter = _waiter;
            _waiter = null;
            if (waiter is null) _pending = true;
        }
        waiter?.TrySetResult();
    }

    /// Returns when woken, when the clock reaches <paramref name="until"/> (never when null), or throws when cancelled.
    public async Task WaitAsync(DateTimeOffset? until, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (until is { } due && due <= clock.GetUtcNow()) return;
        TaskCompletionSource waiter;
        lock (_gate)
        {
            if (_pending)
            {
                _pending = false;
                return;
            }
            waiter = _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _until = until;
            _waits++;
        }
        try
        {
            using var reached = until is { } end ? Shared.DeadlineSource.Until(end, clock) : null;
            using var reachedOrStopping = reached is null ? null : CancellationTokenSource.CreateLinkedTokenSource(reached.Token, cancellationToken);
            await waiter.Task.WaitAsync(reachedOrStopping?.Token ?? cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            // A wake that lands after this wait ended is kept for the next one: the waiter goes only if still ours.
            lock (_gate)
            {
                if (_waiter == waiter) _waiter = null;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
    }

    /// Whether the loop is asleep with nothing to wake it before the clock reaches a time still ahead, and how many
    /// waits it has begun: a test that moved the clock waits for this instead of sleeping, and the count tells it the
    /// loop did not run a round between two looks.
    public (bool Asleep, long Waits) Parked(TimeProvider clock)
    {
        lock (_gate)
        {
            var asleep = _waiter is { Task.IsCompleted: false } && !_pending && (_until is not { } due || due > clock.GetUtcNow());
            return (asleep, _waits);
        }
    }
}

/// The loops that commits wake: the delivery dispatcher and the timer scheduler.
public sealed class WakeSignals
{
    public WakeSignal Dispatcher { get; } = new();

    public WakeSignal Timers { get; } = new();
}
