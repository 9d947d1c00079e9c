using PayState.Server.Storage;

namespace PayState.Server.Metrics;

/// What the scrape reads from the database: whether it answers as /readyz asks it to, and the outbox gauges. Read
/// at most every RefreshEvery: a scrape refreshes them when they are older, and concurrent scrapes share one read,
/// so a scrape storm costs the database nothing more. When the outbox cannot be read its last values stay.
public sealed class OutboxGauges(IStore store, TimeProvider clock, ILogger<OutboxGauges> log)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task? _reading;
    // One reference, swapped whole, so a scrape never sees half of one read and half of the next.
    private Snapshot _last = new(true, new OutboxStats(0, null), null, DateTimeOffset.MinValue);

    public bool DatabaseReady => Volatile.Read(ref _last).Ready;

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
        var last = Volatile.Read(ref _last);
        try
        {
            if (!await store.PingAsync(CancellationToken.None).ConfigureAwait(false))
            {
                Volatile.Write(ref _last, last with { Ready = false, ReadAt = clock.GetUtcNow() });
                return;
            }
            var stats = await store.OutboxStatsAsync(CancellationToken.None).ConfigureAwait(false);
            var nextDue = await store.NextDeliveryDueAsync(CancellationToken.None).ConfigureAwait(false);
            Volatile.Write(ref _last, new Snapshot(true, stats, nextDue, clock.GetUtcNow()));
        }
        catch (Exception e)
        {
            log.LogWarning("Outbox gauges not refreshed: {Error}", e.Message);
            Volatile.Write(ref _last, last with { Ready = false, ReadAt = clock.GetUtcNow() });
        }
    }

    private double SecondsSince(DateTimeOffset? at) => at is { } t ? Math.Max(0, (clock.GetUtcNow() - t).TotalSeconds) : 0;

    private sealed record Snapshot(bool Ready, OutboxStats Stats, DateTimeOffset? NextDue, DateTimeOffset ReadAt);
}
