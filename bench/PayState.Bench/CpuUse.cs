using System.Diagnostics;

namespace PayState.Bench;

/// CPU time used so far by the server processes and by the bench's own (load client and receiver). Throughput on
/// two shared cores moves with the neighbours from one run to the next; the CPU a unit of work costs moves much
/// less, so it is the figure to compare two builds by.
/// Database: PostgreSQL's processes, when the rig uses it.
public sealed record CpuUse(TimeSpan Server, TimeSpan Bench, TimeSpan Database)
{
    public static CpuUse Read(Rig rig)
    {
        using var self = Process.GetCurrentProcess();
        return new CpuUse(rig.Nodes.Aggregate(TimeSpan.Zero, (sum, node) => sum + node.CpuTime), self.TotalProcessorTime,
            rig.Database?.Read() ?? TimeSpan.Zero);
    }

    /// Both together: the CPU PayState and the bench used (PostgreSQL's own processes, when used, not counted).
    public TimeSpan Total => Server + Bench;

    /// The share of the machine's cores that everything measured kept busy over a window: PayState, the bench, and
    /// PostgreSQL.
    public double CoresBusy(TimeSpan window) => (Total + Database) / (window * Environment.ProcessorCount);

    public static CpuUse operator -(CpuUse after, CpuUse before) =>
        new(after.Server - before.Server, after.Bench - before.Bench, after.Database - before.Database);

    /// e.g. "CPU per change: server 261 µs, bench 81 µs".
    public string Per(string unit, int count) =>
        $"CPU per {unit}: server {Server.TotalMicroseconds / Math.Max(count, 1):0} µs, bench {Bench.TotalMicroseconds / Math.Max(count, 1):0} µs";
}
