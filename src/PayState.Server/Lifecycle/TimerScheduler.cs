using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// Fires durable timers (order expiry, screening deadlines) when they come due. The timers live in the
/// database, so a restart loses none: ones that came due while the process was down fire on start.
public sealed class TimerScheduler(
    IStore store, LifecycleEngine engine, WakeSignals signals, Metrics.PayStateMetrics metrics, TimeProvider clock, ILogger<TimerScheduler> log)
    : BackgroundService
{
    private const int BatchSize = 200;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = clock.GetUtcNow();
                var due = await store.DueTimersAsync(now, BatchSize, stoppingToken).ConfigureAwait(false);
                await Task.WhenAll(due.Select(t => FireAsync(t, stoppingToken))).ConfigureAwait(false);
                if (due.Count == BatchSize) continue;
                var next = await store.NextTimerDueAsync(stoppingToken).ConfigureAwait(false);
                await signals.Timers.WaitAsync(next, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "Timer loop failed; retrying in 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task FireAsync(TimerRecord timer, CancellationToken cancellationToken)
    {
        metrics.TimerFiring(clock.GetUtcNow() - timer.DueAt);
        try
        {
            var result = await engine.FireTimerAsync(timer, cancellationToken).ConfigureAwait(false);
            if (result.Status == ChangeStatus.Changed)
                log.LogInformation("Timer {Timer} fired: object {ObjectId} is now {State} (event {EventId})", timer.Name, timer.ObjectId, result.Object!.State, result.Event!.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Put it off rather than retry at once: a timer that keeps failing must not spin the loop.
            log.LogError(e, "Timer {Timer} of object {ObjectId} failed to fire; retrying in {Delay}", timer.Name, timer.ObjectId, RetryDelay);
            var later = timer with { DueAt = clock.GetUtcNow() + RetryDelay };
            await store.WriteAsync(tx => { tx.SetTimer(later); return true; }, cancellationToken).ConfigureAwait(false);
        }
    }
}
