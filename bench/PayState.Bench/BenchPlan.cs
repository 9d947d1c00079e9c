namespace PayState.Bench;

/// How much each measurement does: bounded counts, so a run's length is known in advance.
public sealed record BenchPlan(int CeilingRequests, int Changes, int LatencyPerSecond, TimeSpan LatencyDuration, int Reads, int Waiters, int Wakes)
{
    /// How long the held waits stay held after their RSS is read, for looking at the server meanwhile (`--hold N`).
    public TimeSpan Hold { get; init; }

    /// The steady run (`--only steady`): changes a second, for how long, the server's retention, how often the size is read.
    public int SteadyRate { get; init; } = 300;

    public TimeSpan SteadyDuration { get; init; } = TimeSpan.FromSeconds(100);

    public TimeSpan SteadyRetention { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan SteadySample { get; init; } = TimeSpan.FromSeconds(10);

    public static readonly BenchPlan Quick = new(20_000, 5_000, 1_000, TimeSpan.FromSeconds(3), 20_000, 10_000, 200);

    public static readonly BenchPlan Full = new(100_000, 20_000, 1_000, TimeSpan.FromSeconds(10), 100_000, 10_000, 1_000)
    {
        SteadyDuration = TimeSpan.FromSeconds(300),
        SteadyRetention = TimeSpan.FromSeconds(60),
        SteadySample = TimeSpan.FromSeconds(20),
    };
}
