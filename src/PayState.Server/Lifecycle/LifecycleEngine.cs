using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// The one place objects change. A change is decided by the kind's rules against the locked current row,
/// then the new state, its event (with the exact webhook body) and one outbox row per target are written
/// in the same transaction; the dispatcher and timer loops are woken only after that commit.
public sealed class LifecycleEngine(
    IStore store, ObjectKinds kinds, WakeSignals signals, Events.ObjectChangeFeed feed, Delivery.DeliveryHandoff handoff,
    Metrics.PayStateMetrics metrics, TimeProvider clock, ILogger<LifecycleEngine> log)
{
    public DateTimeOffset Now => UnixMicros.Truncate(clock.GetUtcNow());

    public async Task<ChangeResult> ChangeAsync(string objectId, Func<PayObject, ChangeContext, Decision> decide, CancellationToken cancellationToken)
    {
        var now = Now;
        var lease = handoff.LeaseUntil(now);
        var result = await store.WriteAsync(tx => tx.LockObject(objectId) is { } current ? Apply(tx, current, decide, now, lease) : ChangeResult.NotFound, cancellationToken)
            .ConfigureAwait(false);
        Committed(result);
        return result;
    }

    /// Fires a due timer: whoever deletes it applies its change, so it fires once.
    public async Task<ChangeResult> FireTimerAsync(TimerRecord timer, CancellationToken cancellationToken)
    {
        var now = Now;
        var lease = handoff.LeaseUntil(now);
        var result = await store.WriteAsync(tx =>
        {
            if (!tx.DeleteTimer(timer.ObjectId, timer.Name, now) || tx.LockObject(timer.ObjectId) is not { } current) return ChangeResult.NotFound;
            return Apply(tx, current, (o, c) => kinds[o.Kind].OnTimer(o, timer.Name, c), now, lease);
        }, cancellationToken).ConfigureAwait(false);
        Committed(result);
        return result;
    }

    /// Creates an object (no event: creation is not a change) and its timers, inside work the caller runs.
    public static void Insert(IStoreTransaction tx, PayObject created, IReadOnlyList<TimerRecord> timers)
    {
        tx.InsertObject(created);
        foreach (var timer in timers) tx.SetTimer(timer);
    }

    /// Tells the loops about work committed outside ChangeAsync (a created object's timers, a requeued delivery).
    public void Committed(bool deliveries, bool timers)
    {
        if (deliveries) signals.Dispatcher.Wake();
        if (timers) signals.Timers.Wake();
    }

    /// Decides and writes one change inside an open transaction; also used by work that must change an
    /// object atomically with something else (a delivery outcome that moves a checkout). With a lease, the
    /// deliveries that head their streams are inserted leased and come back in the result, to send at once.
    public static ChangeResult Apply(
        IStoreTransaction tx, PayObject current, Func<PayObject, ChangeContext, Decision> decide, DateTimeOffset now, DateTimeOffset? leaseUntil = null)
    {
        var context = new ChangeContext(SecureIds.NewEventId(now), current.Version + 1, now, tx);
        switch (decide(current, context))
        {
            case Refusal refusal:
                return ChangeResult.Refused(current, refusal);
            case StateChange change:
                var updated = current with { State = change.State, Version = context.Version, Data = change.Data, UpdatedAt = now };
                tx.UpdateObject(updated);
                var recorded = new EventRecord(0, context.EventId, current.MerchantId, current.Kind, current.Id, context.Version, change.EventType, now, change.Payload);
                var seq = tx.InsertEvent(recorded);
                List<ClaimedDelivery>? leased = null;
                foreach (var target in change.Targets)
                {
                    var delivery = new NewDelivery(
                        SecureIds.NewDeliveryId(now), seq, current.MerchantId, current.TerminalId, current.Kind, current.Id,
                        context.Version, target.Purpose, target.Url, now, target.Body, leaseUntil);
                    if (tx.InsertDelivery(delivery))
                    {
                        (leased ??= []).Add(new ClaimedDelivery(
                            delivery.Id, context.EventId, current.TerminalId, current.Kind, current.Id, context.Version,
                            target.Purpose, target.Url, 0, target.Body ?? change.Payload, leaseUntil));
                    }
                }
                foreach (var name in change.CancelTimers) tx.DeleteTimer(current.Id, name, DateTimeOffset.MaxValue);
                foreach (var purpose in change.CancelDeliveries)
                    tx.CancelOpenDeliveries(current.Id, purpose, $"cancelled: {current.Kind} {current.Id} moved on to {change.State}", now);
                foreach (var timer in change.SetTimers) tx.SetTimer(timer);
                var unleased = change.Targets.Count - (leased?.Count ?? 0);
                return new ChangeResult(ChangeStatus.Changed, updated, recorded with { Seq = seq }, null, unleased > 0, change.SetTimers.Count > 0)
                {
                    Leased = leased ?? [],
                };
            default:
                throw new InvalidOperationException("A decision is a StateChange or a Refusal.");
        }
    }

    /// After the commit of a change: wake its long-poll waiters and the loops with new work.
    public void Committed(ChangeResult result)
    {
        if (result.Status == ChangeStatus.Changed)
        {
            feed.Publish(result.Object!.Id);
            metrics.StatusChanged(result.Object.Kind);
            if (log.IsEnabled(LogLevel.Debug))
            {
                log.LogDebug("Object {ObjectId} ({Kind}) is now {State} at version {Version} (event {EventId})",
                    result.Object.Id, result.Object.Kind, result.Object.State, result.Object.Version, result.Event!.Id);
            }
        }
        if (result.Leased.Count > 0) handoff.Take(result.Leased);
        Committed(result.Deliveries, result.Timers);
    }
}
