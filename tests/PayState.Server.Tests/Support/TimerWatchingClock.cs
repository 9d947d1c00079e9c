using System.Diagnostics;

namespace PayState.Server.Tests.Support;

/// Microsoft's FakeTimeProvider, counting the timers armed on it, so a test can wait until a background task has
/// armed its timer before it moves the clock past that timer (advancing earlier would skip the moment to observe).
public sealed class TimerWatchingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private int _armed;

    public TimerWatchingClock()
        : this(TestServer.ClockStart)
    {
    }

    public int ArmedTimers
    {
        get
        {
            lock (_gate) return _armed;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new WatchedTimer(this, callback);
        timer.Start(base.CreateTimer(timer.Fire, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), dueTime, period);
        return timer;
    }

    /// Polls in real time: background services arm their timers on other threads.
    public async Task WaitForTimersAsync(int atLeast, TimeSpan realTimeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (ArmedTimers < atLeast)
        {
            if (elapsed.Elapsed >= realTimeout)
                throw new TimeoutException($"Expected at least {atLeast} armed timer(s) on the fake clock within {realTimeout}, but only {ArmedTimers} are armed.");
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System).ConfigureAwait(false);
        }
    }

    private void Arm(ref bool armed, bool now)
    {
        lock (_gate)
        {
            if (armed != now) _armed += now ? 1 : -1;
            armed = now;
        }
    }

    private sealed class WatchedTimer(TimerWatchingClock clock, TimerCallback callback) : ITimer
    {
        private ITimer _inner = null!;
        private bool _armed;
        private bool _periodic;

        public void Start(ITimer inner, TimeSpan dueTime, TimeSpan period)
        {
            _inner = inner;
            Change(dueTime, period);
        }

        public void Fire(object? state)
        {
            // A one-shot timer is spent once it fires; a periodic one stays armed.
            if (!_periodic) clock.Arm(ref _armed, false);
            callback(state);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            _periodic = period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero;
            // Armed before the inner change: a zero due time fires inside it.
            clock.Arm(ref _armed, dueTime != Timeout.InfiniteTimeSpan);
            return _inner.Change(dueTime, period);
        }

        public void Dispose()
        {
            clock.Arm(ref _armed, false);
            _inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
