using System.Diagnostics.Metrics;
using PayState.Server.Storage;

namespace PayState.Server.Metrics;

/// Where the process's memory is: the resident total, the managed heap (live after the last collection and
/// what the GC holds committed for it), and SQLite's own allocations (page caches, schemas, statements),
/// which the GC does not see.
public static class MemoryGauges
{
    public static void Register(Meter meter, IStore store)
    {
        meter.CreateObservableGauge("paystate_process_resident_bytes", () => Environment.WorkingSet, unit: "By",
            description: "Resident memory of the process (RSS).");
        meter.CreateObservableGauge("paystate_gc_heap_bytes", () => GC.GetGCMemoryInfo().HeapSizeBytes, unit: "By",
            description: "Managed heap after the last garbage collection, garbage not yet collected included.");
        meter.CreateObservableGauge("paystate_gc_committed_bytes", () => GC.GetGCMemoryInfo().TotalCommittedBytes, unit: "By",
            description: "Memory the garbage collector holds committed for the managed heap.");
        if (store.EngineMemoryBytes is { } engineMemory)
            meter.CreateObservableGauge("paystate_sqlite_memory_bytes", engineMemory, unit: "By",
                description: "Memory SQLite has allocated: page caches, schemas and prepared statements of every connection.");
    }
}
