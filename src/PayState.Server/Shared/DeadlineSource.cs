namespace PayState.Server.Shared;

public static class DeadlineSource
{
    private static readonly TimeSpan ArmingSlack = TimeSpan.FromMilliseconds(5);

    /// A source cancelled when the clock reaches deadline. A timer is armed relative to the clock's reading when it is
    /// armed, so one armed just after the clock jumped past the reading its delay came from would end late by that
    /// jump: real clocks move microseconds meanwhile, a test's fake clock a minute. Armed again while the clock moved
    /// noticeably during the arming.
    public static CancellationTokenSource Until(DateTimeOffset deadline, TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        var source = new CancellationTokenSource(Remaining(deadline, now), clock);
        for (var later = clock.GetUtcNow(); later - now > ArmingSlack; now = later, later = clock.GetUtcNow())
            source.CancelAfter(Remaining(deadline, later));
        return source;
    }

    private static TimeSpan Remaining(DateTimeOffset deadline, DateTimeOffset now) => deadline > now ? deadline - now : TimeSpan.Zero;
}
