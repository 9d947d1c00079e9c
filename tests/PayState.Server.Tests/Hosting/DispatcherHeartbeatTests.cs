using PayState.Server.Delivery;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

public sealed class DispatcherHeartbeatTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void State_BeforeTheLoopRuns_StartingAndNotHealthy()
    {
        var heartbeat = new DispatcherHeartbeat(_clock);

        Assert.Equal(DispatcherState.Starting, heartbeat.State);
        Assert.False(heartbeat.IsHealthy);
    }

    [Fact]
    public void State_IdleForHours_StaysHealthy()
    {
        var heartbeat = new DispatcherHeartbeat(_clock);
        heartbeat.Busy();
        heartbeat.Idle();

        _clock.Advance(TimeSpan.FromHours(5));

        Assert.Equal(DispatcherState.Idle, heartbeat.State);
        Assert.True(heartbeat.IsHealthy);
    }

    [Fact]
    public void State_OneRoundBusyPastStallAfter_Stalled()
    {
        var heartbeat = new DispatcherHeartbeat(_clock);
        heartbeat.Busy();
        _clock.Advance(DispatcherHeartbeat.StallAfter - TimeSpan.FromSeconds(1));
        Assert.True(heartbeat.IsHealthy);

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(DispatcherState.Stalled, heartbeat.State);
        Assert.False(heartbeat.IsHealthy);
    }

    [Fact]
    public void State_NewRoundAfterALongOne_HealthyAgain()
    {
        var heartbeat = new DispatcherHeartbeat(_clock);
        heartbeat.Busy();
        _clock.Advance(DispatcherHeartbeat.StallAfter * 2);

        heartbeat.Busy();

        Assert.Equal(DispatcherState.Running, heartbeat.State);
    }

    [Fact]
    public void State_LoopEnded_StoppedAndNotHealthy()
    {
        var heartbeat = new DispatcherHeartbeat(_clock);
        heartbeat.Idle();

        heartbeat.Stopped();

        Assert.False(heartbeat.IsHealthy);
    }
}
