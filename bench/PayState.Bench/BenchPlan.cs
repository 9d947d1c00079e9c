namespace PayState.Bench;

/// How much each measurement does: bounded counts, so a run's length is known in advance.
public sealed record BenchPlan(int CeilingRequests, int Changes, int LatencyPerSecond, TimeSpan LatencyDuration, int Reads, int Waiters, int Wakes)
{
    /// How long the held waits stay held after their RSS is read, for looking at the server meanwhile (`--hold N`).
    public TimeSpan Hold { get; init; }

    public static readonly BenchPlan Quick = new(20_000, 5_000, 1_000, TimeSpan.FromSeconds(3), 20_000, 10_000, 200);

    public static readonly BenchPlan Full = new(100_000, 20_000, 1_000, TimeSpan.FromSeconds(10), 100_000, 10_000, 1_000);
}
