using PayState.Server.Http;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// A held request is released at its deadline on the server's clock, when the client goes away, or when the server stops.
public sealed class HeldRequestTests
{
    private readonly FakeTimeProvider _clock = new(TestServer.ClockStart);

    [Fact]
    public void Released_AtTheDeadlineOfTheClock_NotBefore()
    {
        using var held = new HeldRequest(_clock.GetUtcNow().AddSeconds(30), _clock, CancellationToken.None, CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(29));
        var before = held.Released.IsCancellationRequested;
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.False(before);
        Assert.True(held.Released.IsCancellationRequested);
    }

    [Fact]
    public void Released_WhenTheClientGoesAway()
    {
        using var aborted = new CancellationTokenSource();
        using var held = new HeldRequest(_clock.GetUtcNow().AddSeconds(30), _clock, aborted.Token, CancellationToken.None);

        aborted.Cancel();

        Assert.True(held.Released.IsCancellationRequested);
    }

    [Fact]
    public void Released_WhenTheServerStops()
    {
        using var stopping = new CancellationTokenSource();
        using var held = new HeldRequest(_clock.GetUtcNow().AddSeconds(30), _clock, CancellationToken.None, stopping.Token);

        stopping.Cancel();

        Assert.True(held.Released.IsCancellationRequested);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void Released_NoTimeLeft_AtOnce(int seconds)
    {
        using var held = new HeldRequest(_clock.GetUtcNow().AddSeconds(seconds), _clock, CancellationToken.None, CancellationToken.None);

        Assert.True(held.Released.IsCancellationRequested);
    }

    [Fact]
    public void Dispose_StopsListeningToTheRequest()
    {
        using var aborted = new CancellationTokenSource();
        var held = new HeldRequest(_clock.GetUtcNow().AddSeconds(30), _clock, aborted.Token, CancellationToken.None);
        var released = held.Released;

        held.Dispose();
        aborted.Cancel();

        Assert.False(released.IsCancellationRequested);
    }

    [Fact]
    public void Released_AtTheDeadline_EvenWhenTheClockJumpsWhileItsTimerIsArmed()
    {
        var clock = new JumpingWhileArming(TimeSpan.FromSeconds(24));
        using var held = new HeldRequest(clock.GetUtcNow().AddSeconds(25), clock, CancellationToken.None, CancellationToken.None);

        clock.Advance(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1));
        var before = held.Released.IsCancellationRequested;
        clock.Advance(TimeSpan.FromTicks(1));

        Assert.False(before);
        Assert.True(held.Released.IsCancellationRequested);
    }

    /// A clock moved by another thread between the reading a delay is computed from and the arming of its timer, once.
    private sealed class JumpingWhileArming(TimeSpan jump) : FakeTimeProvider(TestServer.ClockStart)
    {
        private bool _jumped;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            if (!_jumped) Advance(jump);
            _jumped = true;
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
