using System.Numerics;

namespace PayState.Bench;

/// The servers' allocations and garbage collections so far, from their /metrics (summed over the processes): the
/// difference of two readings says what they allocated between them, what the collector did, and how long it held
/// every request still.
public sealed record ServerGc(double AllocatedBytes, double Gen0, double Gen1, double Gen2, double PauseSeconds)
    : IAdditionOperators<ServerGc, ServerGc, ServerGc>
{
    public static Task<ServerGc> ReadAsync(Rig rig) =>
        ServerMetrics.SumAsync(rig, m => new ServerGc(m["dotnet_gc_heap_total_allocated_bytes_total"],
            m["dotnet_gc_collections_total{gc_heap_generation=\"gen0\"}"], m["dotnet_gc_collections_total{gc_heap_generation=\"gen1\"}"],
            m["dotnet_gc_collections_total{gc_heap_generation=\"gen2\"}"], m["dotnet_gc_pause_time_seconds_total"]));

    public static ServerGc operator +(ServerGc a, ServerGc b) =>
        new(a.AllocatedBytes + b.AllocatedBytes, a.Gen0 + b.Gen0, a.Gen1 + b.Gen1, a.Gen2 + b.Gen2, a.PauseSeconds + b.PauseSeconds);

    public static ServerGc operator -(ServerGc after, ServerGc before) =>
        new(after.AllocatedBytes - before.AllocatedBytes, after.Gen0 - before.Gen0, after.Gen1 - before.Gen1, after.Gen2 - before.Gen2,
            after.PauseSeconds - before.PauseSeconds);

    /// Allocated bytes per unit of work (a change, a wake), in KB.
    public double KilobytesPer(int count) => AllocatedBytes / 1024 / Math.Max(count, 1);

    public override string ToString() =>
        $"server GC: {Gen0:0} gen0, {Gen1:0} gen1, {Gen2:0} gen2 collections, {PauseSeconds * 1000:0.0} ms paused";
}
