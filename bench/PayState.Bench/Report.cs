using System.Globalization;

namespace PayState.Bench;

/// The closing tables (median and spread over the runs) and the RESULT line.
public static class Report
{
    private static readonly (string Name, Func<Figures, double> Figure, string Format)[] Rows =
    [
        ("ceiling POST/s", f => f.CeilingPerSecond, "0"),
        ("deliveries/s", f => f.DeliveriesPerSecond, "0"),
        ("delivery ratio", f => f.Ratio, "0.000"),
        ("bytes per change", f => f.BytesPerChange, "0"),
        ("latency p50 ms", f => f.LatencyP50, "0.0"),
        ("latency p99 ms", f => f.LatencyP99, "0.0"),
        ("latency max ms", f => f.LatencyMax, "0.0"),
        ("reads/s", f => f.ReadsPerSecond, "0"),
        ("read p99 ms", f => f.ReadP99, "0.0"),
        ("raw GET/s", f => f.ReadCeilingPerSecond, "0"),
        ("read ratio", f => f.ReadRatio, "0.000"),
        ("wait RSS MB", f => f.WaitRssMb, "0"),
        ("wake p50 ms", f => f.WakeP50, "0.0"),
        ("wake p99 ms", f => f.WakeP99, "0.0"),
    ];

    public static void Print(IReadOnlyList<Figures> sqlite, IReadOnlyList<(string Setup, Figures Figures)> others)
    {
        Console.WriteLine($"sqlite, 1 process: {sqlite.Count} run(s)");
        Console.WriteLine("| figure | median | min | max |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (name, figure, format) in Rows)
        {
            var values = sqlite.Select(figure).ToArray();
            Console.WriteLine($"| {name} | {Figures.Mid(sqlite, figure).ToString(format, CultureInfo.InvariantCulture)} | " +
                              $"{values.Min().ToString(format, CultureInfo.InvariantCulture)} | {values.Max().ToString(format, CultureInfo.InvariantCulture)} |");
        }
        foreach (var (setup, f) in others)
        {
            Console.WriteLine($"{setup}: deliveries/s {f.DeliveriesPerSecond:0} (ratio {f.Ratio:0.000}, cores busy {f.CoresBusy:P0}), {f.BytesPerChange:0} bytes per change, " +
                              $"latency p99 {f.LatencyP99:0.0} ms, reads/s {f.ReadsPerSecond:0} (ratio {f.ReadRatio:0.000})");
        }
    }

    public static string ResultLine(Figures f) => string.Create(CultureInfo.InvariantCulture,
        $"RESULT deliveries_per_s={f.DeliveriesPerSecond:0} ceiling_per_s={f.CeilingPerSecond:0} ratio={f.Ratio:0.000} bytes_per_change={f.BytesPerChange:0} latency_p99_ms={f.LatencyP99:0.0} " +
        $"reads_per_s={f.ReadsPerSecond:0} read_ratio={f.ReadRatio:0.000} waits={f.Waits} wait_rss_mb={f.WaitRssMb:0} wake_p99_ms={f.WakeP99:0.0}");
}
