namespace PayState.Server.Lifecycle;

/// Wakes a background loop at once when there is new work, so it never polls while idle.
/// A wake that arrives while the loop is busy is remembered until its next wait.
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _permit = new(0, 1);

    public void Wake()
    {
        try { _permit.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    /// Returns when woken, when the delay has passed on the given clock, or throws when cancelled.
    public async Task WaitAsync(TimeSpan? delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (delay is { } d && d <= TimeSpan.Zero) return;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _permit.WaitAsync(done.Token);
        var timeout = delay is { } wait ? Task.Delay(wait, clock, done.Token) : Task.Delay(Timeout.Infinite, done.Token);
        await Task.WhenAny(woken, timeout).ConfigureAwait(false);
        await done.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _permit.Dispose();
}

/// The loops that commits wake: the delivery dispatcher and the timer scheduler.
public sealed class WakeSignals : IDisposable
{
    public WakeSignal Dispatcher { get; } = new();

    public WakeSignal Timers { get; } = new();

    public void Dispose()
    {
        Dispatcher.Dispose();
        Timers.Dispose();
    }
}
