namespace PayState.Server.Lifecycle;

/// Wakes a background loop at once when there is new work, so it never polls while idle.
/// A wake that arrives while the loop is busy is remembered until its next wait.
public sealed class WakeSignal : IDisposable
{
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(5);

    private readonly SemaphoreSlim _permit = new(0, 1);

    public void Wake()
    {
        try { _permit.Release(); }
        catch (SemaphoreFullException) { /* already awake */ }
    }

    /// Returns when woken, when the clock reaches <paramref name="until"/> (never when null), or throws when cancelled.
    public async Task WaitAsync(DateTimeOffset? until, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (until is { } due && due <= clock.GetUtcNow()) return;
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var woken = _permit.WaitAsync(done.Token);
        var timeout = until is { } end ? DelayUntilAsync(end, clock, done.Token) : Task.Delay(Timeout.Infinite, done.Token);
        await Task.WhenAny(woken, timeout).ConfigureAwait(false);
        await done.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }

    // A relative delay armed after the clock moved past the reading it was computed from would end late by
    // that jump. Real clocks move microseconds meanwhile; a test's fake clock can jump a minute, so re-arm
    // whenever the clock moved noticeably while arming.
    private static async Task DelayUntilAsync(DateTimeOffset due, TimeProvider clock, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            if (due <= now) return;
            using var step = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(due - now, clock, step.Token);
            if (clock.GetUtcNow() - now <= ArmingSlack)
            {
                await delay.ConfigureAwait(false);
                return;
            }
            await step.CancelAsync().ConfigureAwait(false);
            await delay.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
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
