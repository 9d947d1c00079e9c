using System.Diagnostics.Metrics;

namespace PayState.Server.Metrics;

/// How much the process allocated, how often the garbage collector ran, by generation, and how long it held the
/// process still: a pause stops every request at once, so it is where a latency tail that hits many requests
/// together starts looking.
public static class GcCounters
{
    private static readonly KeyValuePair<string, object?>[][] Generations =
        [.. Enumerable.Range(0, 3).Select(g => new[] { new KeyValuePair<string, object?>("generation", g.ToString(System.Globalization.CultureInfo.InvariantCulture)) })];

    public static void Register(Meter meter)
    {
        // CollectionCount(n) counts collections of generation n or older: each generation's own count is the difference.
        meter.CreateObservableCounter("paystate_gc_collections", () => Enumerable.Range(0, 3).Select(g =>
                new Measurement<long>(GC.CollectionCount(g) - (g < 2 ? GC.CollectionCount(g + 1) : 0), Generations[g])),
            description: "Garbage collections, by the oldest generation collected.");
        meter.CreateObservableCounter("paystate_gc_pause_seconds", () => GC.GetTotalPauseDuration().TotalSeconds, unit: "s",
            description: "Time the garbage collector held the process's threads still, in total.");
        // Allocation drives how often the young generation fills, so how often requests pause: the rate per change
        // or per request is the figure to cut on a hot path.
        meter.CreateObservableCounter("paystate_gc_allocated_bytes", () => GC.GetTotalAllocatedBytes(precise: false), unit: "By",
            description: "Bytes allocated on the managed heap since the process started.");
    }
}
