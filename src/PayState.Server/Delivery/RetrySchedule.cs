using System.Globalization;

namespace PayState.Server.Delivery;

/// When a failed delivery is tried again: after each delay in turn, each stretched by up to 20 % jitter so
/// a merchant coming back up is not hit by every retry at once; given up after the last.
public sealed class RetrySchedule(IReadOnlyList<TimeSpan> delays)
{
    public const double MaxJitter = 0.2;

    public static readonly RetrySchedule Production = FromSeconds(5, 300, 1800, 7200, 18000, 36000, 36000);

    public static readonly RetrySchedule Sandbox = FromSeconds(1, 2, 4, 8, 16, 32, 60);

    public IReadOnlyList<TimeSpan> Delays => delays;

    /// The first attempt and one per delay.
    public int MaxAttempts => delays.Count + 1;

    public static RetrySchedule FromSeconds(params int[] seconds) => new(seconds.Select(s => TimeSpan.FromSeconds(s)).ToArray());

    /// PAYSTATE_RETRY_SCHEDULE: comma-separated whole seconds, e.g. "1,5,30".
    public static RetrySchedule Parse(string text)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var seconds = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0
            ? s
            : throw new FormatException($"PAYSTATE_RETRY_SCHEDULE: '{p}' is not a positive whole number of seconds.")).ToArray();
        return seconds.Length > 0 ? FromSeconds(seconds) : throw new FormatException("PAYSTATE_RETRY_SCHEDULE is empty.");
    }

    /// The wait after attemptsMade failed attempts, or null when the delivery is to be given up.
    /// jitter is in [0, 1); a receiver's Retry-After is honoured within one to two times the scheduled delay.
    public TimeSpan? DelayAfter(int attemptsMade, double jitter, TimeSpan? retryAfter = null)
    {
        if (attemptsMade < 1 || attemptsMade > delays.Count) return null;
        var scheduled = delays[attemptsMade - 1] * (1 + (MaxJitter * jitter));
        if (retryAfter is not { } asked) return scheduled;
        var twice = scheduled * 2;
        return asked < scheduled ? scheduled : asked > twice ? twice : asked;
    }
}
