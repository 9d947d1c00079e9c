using System.Diagnostics;

namespace PayState.Bench;

/// Runs a request a fixed number of times at a fixed concurrency and times each one.
public static class Load
{
    public sealed record Outcome(int Requests, TimeSpan Elapsed, Percentiles Latency)
    {
        public double PerSecond => Requests / Elapsed.TotalSeconds;
    }

    public static async Task<Outcome> RunAsync(int requests, int concurrency, Func<int, Task> request)
    {
        var next = -1;
        var took = new double[requests];
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            await Task.Yield();
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await request(i);
                took[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        });
        await Task.WhenAll(workers);
        return new Outcome(requests, clock.Elapsed, new Percentiles(took));
    }
}
