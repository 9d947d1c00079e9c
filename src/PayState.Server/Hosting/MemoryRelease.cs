using System.Runtime.InteropServices;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

/// Every few seconds, gives memory that sits unused back to the system. After a burst of load (a batch of
/// deliveries, a wave of reads) the process otherwise stays tens of megabytes larger than what it uses:
/// SQLite's idle read connections keep the pages they read, and glibc keeps what native code (SQLite, the TLS
/// library, the runtime) freed in per-thread arenas. The store drops the first, malloc_trim hands back the
/// second (Linux with glibc; elsewhere that step is skipped).
public sealed class MemoryRelease(IStore store, TimeProvider clock, ILogger<MemoryRelease> log) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    private static readonly bool CanTrim = OperatingSystem.IsLinux() && NativeLibrary.TryLoad("libc.so.6", out var libc)
        && NativeLibrary.TryGetExport(libc, "malloc_trim", out _);

    private long _releases;

    /// How many times memory was released (the tests run the period on a fake clock).
    public long Releases => Interlocked.Read(ref _releases);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false)) Release();
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Release()
    {
        try
        {
            // The store first: the pages it frees are what the trim then hands back.
            store.ReleaseIdleMemory();
            // The result only says whether anything was released: nothing to act on.
            if (CanTrim) _ = MallocTrim(0);
            Interlocked.Increment(ref _releases);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Housekeeping: a failure here must not stop the server; the next period tries again.
            log.LogWarning(e, "Releasing idle memory failed.");
        }
    }

    [DllImport("libc.so.6", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
