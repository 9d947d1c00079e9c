using PayState.Server.Storage;

namespace PayState.Server.Metrics;

/// The outbox gauges, read from the database at most every RefreshEvery: a scrape refreshes them when they
/// are older, and concurrent scrapes share one read, so a scrape storm costs the database nothing more.
/// When the database cannot be read the last values stay (and /readyz says why).
public sealed class OutboxGauges(IStore store, TimeProvider clock, ILogger<OutboxGauges> log)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task? _reading;
    // One reference, swapped whole, so a scrape never sees half of one read and half of the next.
    private Snapshot _last = new(new OutboxStats(0, null), null, DateTimeOffset.MinValue);

    public long Depth => Volatile.Read(ref _last).Stats.Depth;

    public double OldestPendingAgeSeconds() => SecondsSince(Volatile.Read(ref _last).Stats.OldestCreatedAt);

    public double OverdueSeconds() => SecondsSince(Volatile.Read(ref _last).NextDue);

    public Task RefreshAsync()
    {
        lock (_lock)
        {
            if (_reading is { IsCompleted: false }) return _reading;
            if (clock.GetUtcNow() - Volatile.Read(ref _last).ReadAt < RefreshEvery) return Task.CompletedTask;
            return _reading = ReadAsync();
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            var stats = await store.OutboxStatsAsync(CancellationToken.None).ConfigureAwait(false);
            var nextDue = await store.NextDeliveryDueAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _last, new Snapshot(stats, nextDue, clock.GetUtcNow()));
        }
        catch (Exception e)
        {
            log.LogWarning("Outbox gauges not refreshed: {Error}", e.Message);
        }
    }

    private double SecondsSince(DateTimeOffset? at) => at is { } t ? Math.Max(0, (clock.GetUtcNow() - t).TotalSeconds) : 0;

    private sealed record Snapshot(OutboxStats Stats, DateTimeOffset? NextDue, DateTimeOffset ReadAt);
}
