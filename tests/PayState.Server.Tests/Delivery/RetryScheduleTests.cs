using PayState.Server.Delivery;

namespace PayState.Server.Tests.Delivery;

public sealed class RetryScheduleTests
{
    [Fact]
    public void Production_IsTheSpecSchedule()
    {
        Assert.Equal(
            [5, 300, 1800, 7200, 18000, 36000, 36000],
            RetrySchedule.Production.Delays.Select(d => (int)d.TotalSeconds));
        Assert.Equal(8, RetrySchedule.Production.MaxAttempts);
        Assert.Equal([1, 2, 4, 8, 16, 32, 60], RetrySchedule.Sandbox.Delays.Select(d => (int)d.TotalSeconds));
    }

    [Theory]
    [InlineData(1, 0.0, 5.0)]
    [InlineData(1, 0.999, 5.999)]
    [InlineData(2, 0.5, 330.0)]
    [InlineData(7, 0.0, 36000.0)]
    public void DelayAfter_Attempt_IsScheduledDelayPlusAtMostTwentyPercent(int attempts, double jitter, double expectedSeconds)
    {
        Assert.Equal(expectedSeconds, RetrySchedule.Production.DelayAfter(attempts, jitter)!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void DelayAfter_LastAttempt_GivesUp()
    {
        Assert.Null(RetrySchedule.Production.DelayAfter(8, 0));
        Assert.Null(RetrySchedule.Production.DelayAfter(0, 0));
    }

    [Theory]
    [InlineData(1, 5)] // asked for less than scheduled: the schedule wins
    [InlineData(7, 7)] // within one to two times: honoured
    [InlineData(60, 10)] // more than twice: capped at twice
    public void DelayAfter_RetryAfter_IsHonouredWithinOneToTwoTimesTheSchedule(int retryAfterSeconds, int expectedSeconds)
    {
        var delay = RetrySchedule.Production.DelayAfter(1, 0, TimeSpan.FromSeconds(retryAfterSeconds));

        Assert.Equal(expectedSeconds, delay!.Value.TotalSeconds);
    }

    [Fact]
    public void Parse_CommaSeparatedSeconds_OverridesTheSchedule()
    {
        var schedule = RetrySchedule.Parse(" 1, 5 ,30");

        Assert.Equal([1, 5, 30], schedule.Delays.Select(d => (int)d.TotalSeconds));
        Assert.Throws<FormatException>(() => RetrySchedule.Parse("1,x"));
        Assert.Throws<FormatException>(() => RetrySchedule.Parse("0"));
        Assert.Throws<FormatException>(() => RetrySchedule.Parse(""));
    }
}
