namespace PayState.Bench;

/// The figures of one run of one setup.
public sealed record Figures(
    double CeilingPerSecond, double DeliveriesPerSecond, double LatencyP50, double LatencyP99, double LatencyMax,
    double ReadsPerSecond, double ReadP99, double ReadCeilingPerSecond, int Waits, double WaitRssMb, double WakeP50, double WakeP99)
{
    /// Each run is compared with its own ceiling; over several runs, the median of those ratios (set by Median),
    /// not the ratio of the median figures, which may come from different runs.
    public double Ratio { get; init; } = DeliveriesPerSecond / CeilingPerSecond;

    public double ReadRatio { get; init; } = ReadsPerSecond / ReadCeilingPerSecond;

    /// The share of the cores busy (PayState, the bench and PostgreSQL) while the deliveries were measured.
    public double CoresBusy { get; init; }

    /// How much the database grew per change with its order's creation, measured after a checkpoint.
    public double BytesPerChange { get; init; }

    /// Each figure's median over the runs.
    public static Figures Median(IReadOnlyList<Figures> runs) => new(
        Mid(runs, f => f.CeilingPerSecond), Mid(runs, f => f.DeliveriesPerSecond), Mid(runs, f => f.LatencyP50), Mid(runs, f => f.LatencyP99),
        Mid(runs, f => f.LatencyMax), Mid(runs, f => f.ReadsPerSecond), Mid(runs, f => f.ReadP99), Mid(runs, f => f.ReadCeilingPerSecond),
        runs[0].Waits, Mid(runs, f => f.WaitRssMb), Mid(runs, f => f.WakeP50), Mid(runs, f => f.WakeP99))
    {
        Ratio = Mid(runs, f => f.Ratio),
        ReadRatio = Mid(runs, f => f.ReadRatio),
        CoresBusy = Mid(runs, f => f.CoresBusy),
        BytesPerChange = Mid(runs, f => f.BytesPerChange),
    };

    public static double Mid(IReadOnlyList<Figures> runs, Func<Figures, double> figure)
    {
        var sorted = runs.Select(figure).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
