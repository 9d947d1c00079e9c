using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace PayState.Server.Tests.Support;

// A manual clock: time only moves when a test calls Advance/SetUtcNow, and timers fire then.
// Stands in for Microsoft.Extensions.TimeProvider.Testing, which this repo cannot reference.
public sealed class FakeTimeProvider : TimeProvider
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Lock _gate = new();
    private readonly List<FakeTimer> _armed = [];
    private DateTimeOffset _now;
    // Where the clock is heading; lets concurrent Advance calls add up instead of overlapping.
    private DateTimeOffset _horizon;
    private long _armSequence;

    public FakeTimeProvider()
        : this(DefaultStart)
    {
    }

    public FakeTimeProvider(DateTimeOffset start)
    {
        _now = start.ToUniversalTime();
        _horizon = _now;
    }

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    // One timestamp tick per DateTime tick, so GetElapsedTime follows the fake clock exactly.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public int ActiveTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed.Count;
            }
        }
    }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            _horizon += delta;
            target = _horizon;
        }

        RunUntil(target);
    }

    public void SetUtcNow(DateTimeOffset value)
    {
        DateTimeOffset target;
        lock (_gate)
        {
            if (value < _horizon)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value), value, $"The fake clock only moves forward; it is already at {_horizon:O}.");
            }

            _horizon = value.ToUniversalTime();
            target = _horizon;
        }

        RunUntil(target);
    }

    // Polls in real time: background services arm their timers on other threads, and advancing
    // before they have done so would skip past the moment they wanted to observe.
    public async Task WaitForTimersAsync(int atLeast, TimeSpan realTimeout)
    {
        var elapsed = Stopwatch.StartNew();
        while (ActiveTimerCount < atLeast)
        {
            if (elapsed.Elapsed >= realTimeout)
            {
                throw new TimeoutException(
                    $"Expected at least {atLeast} armed timer(s) on the fake clock within {realTimeout}, " +
                    $"but only {ActiveTimerCount} are armed.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System).ConfigureAwait(false);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        ValidateTimerSpans(dueTime, period);
        var timer = new FakeTimer(this, callback, state);
        bool dueNow;
        lock (_gate)
        {
            dueNow = Arm(timer, dueTime, period);
        }

        // Same as the Microsoft fake: a zero due time fires synchronously, so nothing waits for an Advance.
        if (dueNow)
        {
            RunUntil(GetUtcNow());
        }

        return timer;
    }

    private static void ValidateTimerSpans(TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(dueTime), dueTime, "Must be non-negative or infinite.");
        }

        if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "Must be non-negative or infinite.");
        }
    }

    // Caller holds _gate. Returns true when the timer is already due and should fire right away.
    private bool Arm(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        _armed.Remove(timer);
        timer.Period = period;
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return false;
        }

        timer.DueAt = _now + dueTime;
        timer.Sequence = ++_armSequence;
        _armed.Add(timer);
        return timer.DueAt <= _now;
    }

    private bool Change(FakeTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        ValidateTimerSpans(dueTime, period);
        bool dueNow;
        lock (_gate)
        {
            if (timer.Disposed)
            {
                return false;
            }

            dueNow = Arm(timer, dueTime, period);
        }

        if (dueNow)
        {
            RunUntil(GetUtcNow());
        }

        return true;
    }

    private void Disarm(FakeTimer timer)
    {
        lock (_gate)
        {
            timer.Disposed = true;
            _armed.Remove(timer);
        }
    }

    // Fires every timer due up to target one at a time, earliest first, with the clock set to each
    // timer's due time while its callback runs. Callbacks run outside the lock so they can create,
    // change or dispose timers (Task.Delay and CancellationTokenSource do exactly that).
    private void RunUntil(DateTimeOffset target)
    {
        List<Exception>? failures = null;
        while (true)
        {
            FakeTimer? next;
            lock (_gate)
            {
                next = EarliestDueBy(target);
                if (next is null)
                {
                    if (target > _now)
                    {
                        _now = target;
                    }

                    break;
                }

                if (next.DueAt > _now)
                {
                    _now = next.DueAt;
                }

                if (next.Period > TimeSpan.Zero && next.Period != Timeout.InfiniteTimeSpan)
                {
                    // Periodic timers keep their cadence from the due time, not from when Advance ran.
                    next.DueAt += next.Period;
                    next.Sequence = ++_armSequence;
                }
                else
                {
                    _armed.Remove(next);
                }
            }

            try
            {
                next.Callback(next.State);
            }
            catch (Exception ex)
            {
                // A throwing callback must not stall the clock or starve the remaining timers.
                (failures ??= []).Add(ex);
            }
        }

        if (failures is { Count: 1 })
        {
            ExceptionDispatchInfo.Throw(failures[0]);
        }

        if (failures is not null)
        {
            throw new AggregateException("Several fake timer callbacks threw.", failures);
        }
    }

    // Caller holds _gate.
    private FakeTimer? EarliestDueBy(DateTimeOffset target)
    {
        FakeTimer? best = null;
        foreach (var timer in _armed)
        {
            if (timer.DueAt > target)
            {
                continue;
            }

            if (best is null || timer.DueAt < best.DueAt || (timer.DueAt == best.DueAt && timer.Sequence < best.Sequence))
            {
                best = timer;
            }
        }

        return best;
    }

    // Mutable state is only touched under the owning provider's _gate.
    private sealed class FakeTimer(FakeTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public TimerCallback Callback { get; } = callback;

        public object? State { get; } = state;

        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public long Sequence { get; set; }

        public bool Disposed { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period) => owner.Change(this, dueTime, period);

        public void Dispose() => owner.Disarm(this);

        public ValueTask DisposeAsync()
        {
            owner.Disarm(this);
            return ValueTask.CompletedTask;
        }
    }
}
