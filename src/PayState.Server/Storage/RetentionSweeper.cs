namespace PayState.Server.Storage;

/// What one sweep removed.
public sealed record RetentionSweep(int Attempts, int Deliveries, int InboxMessages, int Events);

/// Removes what the retention policy lets go, every policy.Period on the injected clock: attempts, settled deliveries
/// and sandbox inbox entries older than the retention, then (when event retention is set) older events. Each page of
/// at most policy.Batch rows is a write transaction of its own, so work queued meanwhile waits for one page, never for
/// the sweep. Afterwards the store gives back space the sweep freed (SQLite: incremental vacuum).
public sealed class RetentionSweeper(IStore store, RetentionPolicy policy, TimeProvider clock, ILogger<RetentionSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(policy.Period, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    var swept = await SweepAsync(stoppingToken).ConfigureAwait(false);
                    if (swept != new RetentionSweep(0, 0, 0, 0)) log.LogDebug("Retention removed {Removed}", swept);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Housekeeping: the next period tries again; nothing is lost by waiting.
                    log.LogWarning(e, "The retention sweep failed; it runs again in {Period}", policy.Period);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task<RetentionSweep> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var before = now - policy.Retention;
        var attempts = await PagesAsync(0, (tx, after) => tx.RemoveAttempts(after, before, policy.Batch), cancellationToken).ConfigureAwait(false);
        var deliveries = await PagesAsync(0, (tx, after) => tx.RemoveSettledDeliveries(after, before, policy.Batch), cancellationToken).ConfigureAwait(false);
        var inbox = await PagesAsync(0, (tx, after) => tx.RemoveInboxMessages(after, before, policy.Batch), cancellationToken).ConfigureAwait(false);
        var events = policy.EventRetention is { } kept ? await EventsAsync(now - kept, cancellationToken).ConfigureAwait(false) : 0;
        await store.ReleaseFreeSpaceAsync(cancellationToken).ConfigureAwait(false);
        return new RetentionSweep(attempts, deliveries, inbox, events);
    }

    /// Events from the horizon on, which moves with each page in the page's own transaction (never back: another
    /// process's sweep may have moved it further meanwhile).
    private async Task<int> EventsAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var horizon = EventHorizon.Parse(await store.GetSettingAsync(EventHorizon.Setting, cancellationToken).ConfigureAwait(false));
        return await PagesAsync(horizon, (tx, after) =>
        {
            var page = tx.RemoveEvents(after, before, policy.Batch);
            if (page.Last > EventHorizon.Parse(tx.GetSetting(EventHorizon.Setting))) tx.SetSetting(EventHorizon.Setting, EventHorizon.Format(page.Last));
            return page;
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<int> PagesAsync(long after, Func<IStoreTransaction, long, RetentionPage> remove, CancellationToken cancellationToken)
    {
        var removed = 0;
        while (true)
        {
            var from = after;
            var page = await store.WriteAsync(tx => remove(tx, from), cancellationToken).ConfigureAwait(false);
            removed += page.Removed;
            if (page.Done || page.Last == after) return removed;
            after = page.Last;
        }
    }
}
