using PayState.Server.Http;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// At most LinesPerMinute lines a minute; the first line after a quiet spell says how many were left out.
public sealed class RequestLogBudgetTests
{
    private readonly FakeTimeProvider _clock = new(TestServer.ClockStart);

    [Fact]
    public void TryTake_OverTheMinutesBudget_LeavesLinesOutAndCountsThem()
    {
        var budget = new RequestLogBudget(_clock);

        var taken = Enumerable.Range(0, RequestLogBudget.LinesPerMinute + 5).Count(_ => budget.TryTake(out var leftOut) && leftOut == 0);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var next = budget.TryTake(out var counted);

        Assert.Equal(RequestLogBudget.LinesPerMinute, taken);
        Assert.True(next);
        Assert.Equal(5, counted);
    }

    [Fact]
    public void TryTake_WithinTheMinute_StaysRefused()
    {
        var budget = new RequestLogBudget(_clock);
        for (var i = 0; i < RequestLogBudget.LinesPerMinute; i++) budget.TryTake(out _);

        _clock.Advance(TimeSpan.FromSeconds(59));

        Assert.False(budget.TryTake(out _));
    }

    [Fact]
    public void TryTake_AfterTheCountWasReported_StartsFromZero()
    {
        var budget = new RequestLogBudget(_clock);
        for (var i = 0; i < RequestLogBudget.LinesPerMinute + 2; i++) budget.TryTake(out _);
        _clock.Advance(TimeSpan.FromMinutes(1));
        budget.TryTake(out _);

        budget.TryTake(out var leftOut);

        Assert.Equal(0, leftOut);
    }
}
