using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// Removes what keeps access in check once it has served: used request signatures past their window and expired
/// dashboard sessions, once a minute on the injected clock. Every process on a database may run it; a delete of
/// rows another process removed first removes nothing.
public sealed class AccessRecordsCleanup(IStore store, TimeProvider clock, ILogger<AccessRecordsCleanup> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var now = clock.GetUtcNow();
                    await store.WriteAsync(tx => tx.DeleteExpiredAccessRecords(now), stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogWarning("Removing expired signatures and sessions failed ({Error}); trying again in {Interval}", e.Message, Interval);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
