using PayState.Server.Lifecycle;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Lifecycle;

public sealed class WakeSignalTests
{
    private readonly FakeTimeProvider _clock = new(TestServer.ClockStart);
    private readonly WakeSignal _signal = new();

    [Fact]
    public async Task Parked_AsleepWhileWaitingForATimeAhead_AwakeOnceTheClockReachesIt()
    {
        var wait = _signal.WaitAsync(_clock.GetUtcNow().AddSeconds(10), _clock, CancellationToken.None);

        var asleep = _signal.Parked(_clock);
        Assert.True(asleep.Asleep);
        Assert.Equal(1, asleep.Waits);

        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.False(_signal.Parked(_clock).Asleep);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(_signal.Parked(_clock).Asleep);
    }

    [Fact]
    public async Task Parked_AwakeOnceWoken_AndAWakeWhileAwakeKeepsItAwakeForItsNextWait()
    {
        var wait = _signal.WaitAsync(null, _clock, CancellationToken.None);
        Assert.True(_signal.Parked(_clock).Asleep);

        _signal.Wake();

        Assert.False(_signal.Parked(_clock).Asleep);
        await wait.WaitAsync(TimeSpan.FromSeconds(10));
        _signal.Wake();
        // Remembered: the next wait returns at once and never sleeps.
        await _signal.WaitAsync(null, _clock, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(_signal.Parked(_clock).Asleep);
        Assert.Equal(1, _signal.Parked(_clock).Waits);
    }

    [Fact]
    public void Parked_NeverWaited_IsAwake()
    {
        Assert.Equal((false, 0L), _signal.Parked(_clock));
    }
}
