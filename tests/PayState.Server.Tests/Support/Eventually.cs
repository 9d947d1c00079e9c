using System.Diagnostics;

namespace PayState.Server.Tests.Support;

/// Waits for what a background task makes true (a delivery recorded, a timer fired, a page updated): returns as
/// soon as the condition holds, and fails the test if it does not hold within the patience (real time).
public static class Eventually
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, TimeSpan? patience = null)
    {
        var limit = patience ?? Patience;
        var elapsed = Stopwatch.StartNew();
        while (!await condition())
        {
            if (elapsed.Elapsed > limit) throw new TimeoutException($"Not within {limit.TotalSeconds} s: {what}.");
            // Between two looks at the condition; the wait ends at the first look where it holds.
            await Task.Delay(PollInterval, TimeProvider.System);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, TimeSpan? patience = null) =>
        HoldsAsync(() => Task.FromResult(condition()), what, patience);
}
