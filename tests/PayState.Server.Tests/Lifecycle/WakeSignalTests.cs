using PayState.Server.Lifecycle;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Lifecycle;

/// The signal the delivery dispatcher and the timer scheduler sleep on: a wake is never lost, wakes while busy
/// fold into one, and a wait ends at its due time on the injected clock.
public sealed class WakeSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Wait_AfterAWake_ReturnsAtOnce()
    {
        var signal = new WakeSignal();
        signal.Wake();

        var wait = signal.WaitAsync(null, new FakeTimeProvider(), CancellationToken.None);

        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
    }

    [Fact]
    public async Task Wait_WokenWhileWaiting_Returns()
    {
        var signal = new WakeSignal();
        var wait = signal.WaitAsync(null, new FakeTimeProvider(), CancellationToken.None);
        Assert.False(wait.IsCompleted);

        signal.Wake();

        await wait.WaitAsync(Long);
    }

    [Fact]
    public async Task Wakes_WhileBusy_FoldIntoOneAndAreNotRemembered()
    {
        var signal = new WakeSignal();
        signal.Wake();
        signal.Wake();
        signal.Wake();

        await signal.WaitAsync(null, new FakeTimeProvider(), CancellationToken.None);
        var second = signal.WaitAsync(null, new FakeTimeProvider(), CancellationToken.None);

        Assert.False(second.IsCompleted);
        signal.Wake();
        await second.WaitAsync(Long);
    }

    [Fact]
    public async Task Wait_WithADueTime_ReturnsWhenTheClockReachesIt()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal();
        var wait = signal.WaitAsync(clock.GetUtcNow().AddMinutes(1), clock, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(wait.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));

        await wait.WaitAsync(Long);
    }

    [Fact]
    public async Task Wait_EndedByItsDueTime_KeepsALaterWakeForTheNextWait()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal();
        var first = signal.WaitAsync(clock.GetUtcNow().AddSeconds(1), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(1));
        await first.WaitAsync(Long);

        signal.Wake();

        var next = signal.WaitAsync(null, clock, CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        await next;
    }

    [Fact]
    public async Task Wait_Cancelled_Throws()
    {
        var signal = new WakeSignal();
        using var cancel = new CancellationTokenSource();
        var wait = signal.WaitAsync(null, new FakeTimeProvider(), cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Long));
    }

    [Fact]
    public async Task Wait_WithADueTimeCancelled_Throws()
    {
        var clock = new FakeTimeProvider();
        var signal = new WakeSignal();
        using var cancel = new CancellationTokenSource();
        var wait = signal.WaitAsync(clock.GetUtcNow().AddMinutes(1), clock, cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Long));
    }

    [Fact]
    public async Task ManyWakes_FromOtherThreads_EachWaitEndsAndNoneIsLost()
    {
        var signal = new WakeSignal();
        var clock = new FakeTimeProvider();
        using var stop = new CancellationTokenSource();
        var woken = 0;
        var loop = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await signal.WaitAsync(null, clock, stop.Token);
                Interlocked.Increment(ref woken);
            }
        });

        // Each round wakes once and waits until the loop has seen it: a lost wake would leave the loop asleep.
        for (var round = 1; round <= 2_000; round++)
        {
            await Task.Run(signal.Wake);
            var seen = Task.Run(async () =>
            {
                while (Volatile.Read(ref woken) < round) await Task.Yield();
            });
            await seen.WaitAsync(Long);
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop.WaitAsync(Long));
    }
}
