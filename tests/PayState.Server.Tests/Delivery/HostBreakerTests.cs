using Microsoft.Extensions.Logging.Abstractions;
using PayState.Server.Delivery;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// A host whose sends keep getting no answer trips: it gets one send slot (a probe at a time) instead of its full
/// share, until a send to it is answered. Failures that are far apart in time (on the injected clock) do not add up.
public sealed class HostBreakerTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void Unanswered_ThresholdTimesInARow_TripsThatHostOnly()
    {
        var breaker = new HostBreaker(_clock, NullLogger.Instance);

        for (var i = 1; i < HostBreaker.Threshold; i++) Assert.False(breaker.Unanswered("slow"));
        Assert.False(breaker.IsTripped("slow"));

        Assert.True(breaker.Unanswered("slow"));
        Assert.True(breaker.IsTripped("slow"));
        Assert.False(breaker.IsTripped("other"));
        Assert.Equal(["slow"], breaker.Tripped());
    }

    [Fact]
    public void Answered_AnyAnswer_ClosesTheBreakerAndStartsTheCountAgain()
    {
        var breaker = new HostBreaker(_clock, NullLogger.Instance);
        for (var i = 0; i < HostBreaker.Threshold; i++) breaker.Unanswered("slow");

        Assert.True(breaker.Answered("slow"));

        Assert.False(breaker.IsTripped("slow"));
        Assert.Empty(breaker.Tripped());
        for (var i = 1; i < HostBreaker.Threshold; i++) breaker.Unanswered("slow");
        Assert.False(breaker.IsTripped("slow"));
        Assert.False(breaker.Answered("never-failed"));
    }

    [Fact]
    public void Unanswered_FarApart_DoNotAddUp()
    {
        var breaker = new HostBreaker(_clock, NullLogger.Instance);

        for (var i = 0; i < HostBreaker.Threshold; i++)
        {
            breaker.Unanswered("flaky");
            _clock.Advance(HostBreaker.Forget + TimeSpan.FromSeconds(1));
        }

        Assert.False(breaker.IsTripped("flaky"));
    }

    [Fact]
    public void Tripped_NoFailureForTheForgetWindow_HasItsFullShareAgain()
    {
        var breaker = new HostBreaker(_clock, NullLogger.Instance);
        for (var i = 0; i < HostBreaker.Threshold; i++) breaker.Unanswered("slow");

        _clock.Advance(HostBreaker.Forget - TimeSpan.FromSeconds(1));
        Assert.True(breaker.IsTripped("slow"));
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.False(breaker.IsTripped("slow"));
        Assert.Empty(breaker.Tripped());
    }

    [Fact]
    public void Unanswered_ManyHosts_KeepsABoundedNumber_DroppingThoseForgottenFirst()
    {
        var breaker = new HostBreaker(_clock, NullLogger.Instance);
        for (var i = 0; i < HostBreaker.Threshold; i++) breaker.Unanswered("old");
        _clock.Advance(HostBreaker.Forget + TimeSpan.FromSeconds(1));

        for (var i = 0; i < HostBreaker.MaxHosts; i++) breaker.Unanswered($"h{i}");
        for (var i = 0; i < HostBreaker.Threshold; i++) breaker.Unanswered("new");

        Assert.True(breaker.IsTripped("new"));
        Assert.True(breaker.Count <= HostBreaker.MaxHosts);
    }
}
