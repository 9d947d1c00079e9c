using System.Diagnostics;
using PayState.Server.Shared;
using PayState.Server.Storage;
using PayState.Server.Telemetry;

namespace PayState.Server.Lifecycle;

/// The one place objects change. A change is decided by the kind's rules against a version of the object and
/// written only while the object is still at that version: the new state, its event (with the exact webhook
/// body) and one outbox row per target, in one transaction; the dispatcher and timer loops are woken only
/// after that commit.
public sealed class LifecycleEngine(
    IStore store, ObjectKinds kinds, WakeSignals signals, IDeliveryLeases leases, IEnumerable<ICommitObserver> observers,
    Metrics.PayStateMetrics metrics, TimeProvider clock, ILogger<LifecycleEngine> log)
{
    private readonly ICommitObserver[] _observers = [.. observers];

    public DateTimeOffset Now => UnixMicros.Truncate(clock.GetUtcNow());

    /// Moves an object of the given kind by that kind's rules; an object of another kind is not found. Decides on the
    /// latest committed row, off the writer, whose part is then only to check that the object is still at that version
    /// and write: the kind's rules and JSON work run on the request's thread, in parallel, instead of one after another
    /// on the single writer. When another change got there first, the writer decides again on the locked row. A refusal
    /// is the answer for the state the request found; it writes nothing. With a key, a move whose key was recorded by the
    /// change it made before is answered as done (AlreadyDone, nothing written), and the key is recorded with the change
    /// this one makes.
    public async Task<ChangeResult> ChangeAsync(string kind, string objectId, ObjectMove move, MoveKey? key, CancellationToken cancellationToken)
    {
        var now = Now;
        var lease = leases.LeaseUntil(now);
        if (await store.FindObjectAsync(objectId, cancellationToken).ConfigureAwait(false) is not { } found) return ChangeResult.NotFound;
        if (key is not null && await store.FindIdempotencyAsync(MoveKey.Scope, key.Key, cancellationToken).ConfigureAwait(false) is { } earlier)
            return key.Check(earlier) is { } reused ? ChangeResult.Refused(found, reused) : ChangeResult.Done(found);
        if (found.Kind != kind) return ChangeResult.NotFound;
        var plug = kinds[kind];
        var context = new ChangeContext(SecureIds.NewEventId(now), found.Version + 1, now, await MerchantForAsync(found, cancellationToken).ConfigureAwait(false));
        var decision = Decide(plug, found, move, context);
        if (Refused(found, decision) is { } refused) return refused;
        var decided = (StateChange)decision;
        var written = Written(plug, decided, now);
        using var eventSpan = PayStateTraces.StartEvent(found, context.EventId, decided.EventType, context.Version);
        var trace = eventSpan?.Context;
        ChangeResult result;
        using (PayStateTraces.StartCommit())
        {
            result = await Leasing(lease, store.WriteAsync(tx =>
            {
                var made = Write(tx, plug, found, context, decided, written, now, lease, trace)
                    ?? (tx.LockObject(objectId) is { } current ? Apply(tx, plug, current, move, now, lease) : ChangeResult.NotFound);
                if (key is not null && made.Status == ChangeStatus.Changed) tx.InsertIdempotency(key.Record(now));
                return made;
            }, cancellationToken)).ConfigureAwait(false);
        }
        Committed(result);
        return result;
    }

    /// Creates an object of the given kind from a create request's body: the kind's create path makes it, and the object,
    /// its timers and what its kind keeps beside it are inserted in one transaction, inside whatever the caller wraps
    /// around the insert (a merchant's Idempotency-Key and signature: Accounts.CreateOnce), whose answer this returns. No
    /// event: creation is not a change.
    public async Task<T> CreateAsync<T>(
        string kind, TerminalRecord terminal, ReadOnlyMemory<byte> body, Func<IStoreTransaction, NewObject, Action<IStoreTransaction>, T> write,
        CancellationToken cancellationToken)
    {
        var plug = kinds[kind];
        var created = await plug.NewAsync(terminal, body, Now, cancellationToken).ConfigureAwait(false);
        if (created.Object.Kind != kind) throw new InvalidOperationException($"Kind {kind} made an object of kind {created.Object.Kind}.");
        var result = await store.WriteAsync(tx => write(tx, created, t => Insert(t, plug, created)), cancellationToken).ConfigureAwait(false);
        Committed(deliveries: false, timers: created.Timers.Count > 0);
        return result;
    }

    /// The merchant as a decision reads it, for the kinds that say they do.
    private async Task<Func<MerchantRecord?>> MerchantForAsync(PayObject found, CancellationToken cancellationToken)
    {
        var kind = kinds[found.Kind];
        if (!kind.ReadsMerchant)
            return () => throw new InvalidOperationException($"Kind {kind.Name} reads the merchant in a decision; it must say so (IObjectKind.ReadsMerchant).");
        var merchant = await store.FindMerchantAsync(found.MerchantId, cancellationToken).ConfigureAwait(false);
        return () => merchant;
    }

    /// Fires a due timer: whoever deletes it applies its change, so it fires once.
    public async Task<ChangeResult> FireTimerAsync(TimerRecord timer, CancellationToken cancellationToken)
    {
        var now = Now;
        var lease = leases.LeaseUntil(now);
        using var span = PayStateTraces.StartTimer(timer);
        var result = await Leasing(lease, store.WriteAsync(tx =>
        {
            if (!tx.DeleteTimer(timer.ObjectId, timer.Name, now) || tx.LockObject(timer.ObjectId) is not { } current) return ChangeResult.NotFound;
            var kind = kinds[current.Kind];
            return Apply(tx, kind, current, (o, c) => kind.OnTimer(o, timer.Name, c), now, lease);
        }, cancellationToken)).ConfigureAwait(false);
        Committed(result);
        return result;
    }

    /// A change's write whose commit's outcome stayed unknown may have inserted deliveries leased to this process that
    /// no hand-over brings: the dispatcher is told to give that lease up (and woken to do it) once the database is back.
    private async Task<ChangeResult> Leasing(DateTimeOffset? lease, Task<ChangeResult> write)
    {
        try
        {
            return await write.ConfigureAwait(false);
        }
        catch (CommitOutcomeUnknownException) when (lease is { } lost)
        {
            leases.Lost(lost);
            signals.Dispatcher.Wake();
            throw;
        }
    }

    private static void Insert(IStoreTransaction tx, IObjectKind kind, NewObject created)
    {
        tx.InsertObject(created.Object, kind.DocumentIsPayload);
        foreach (var timer in created.Timers) tx.SetTimer(timer);
        created.AlsoWrite?.Invoke(tx);
    }

    /// Tells the loops about work committed outside ChangeAsync (a created object's timers, a requeued delivery).
    public void Committed(bool deliveries, bool timers)
    {
        if (deliveries) signals.Dispatcher.Wake();
        if (timers) signals.Timers.Wake();
    }

    /// Decides and writes one change inside an open transaction, on the row the caller locked; also used by work
    /// that must change an object atomically with something else (a delivery outcome that moves a checkout). With
    /// a lease, the deliveries that head their streams are inserted leased and come back in the result, to send
    /// at once. The event joins the trace of the span the writer runs the work under (PayStateTraces.Current).
    public static ChangeResult Apply(
        IStoreTransaction tx, IObjectKind kind, PayObject current, ObjectMove move, DateTimeOffset now, DateTimeOffset? leaseUntil = null) =>
        Apply(tx, kind, current, (o, c) => Decide(kind, o, move, c), now, leaseUntil);

    /// A move named by the sandbox is made only while the kind offers it, even if the form was posted by hand.
    private static Decision Decide(IObjectKind kind, PayObject current, ObjectMove move, ChangeContext context) => move switch
    {
        NamedMove named => kind.ProcessorMoves(current, context.Now).Any(m => m.Value == named.Value)
            ? kind.MakeMove(current, named.Value, context)
            : Refusal.InvalidTransition($"'{named.Value}' is not a move a {current.Kind} in {current.State} allows."),
        _ => kind.Decide(current, move, context),
    };

    private static ChangeResult Apply(
        IStoreTransaction tx, IObjectKind kind, PayObject current, Func<PayObject, ChangeContext, Decision> decide, DateTimeOffset now,
        DateTimeOffset? leaseUntil)
    {
        var context = new ChangeContext(SecureIds.NewEventId(now), current.Version + 1, now, () => tx.FindMerchant(current.MerchantId));
        var decision = decide(current, context);
        return Refused(current, decision)
            ?? Write(tx, kind, current, context, (StateChange)decision, Written(kind, (StateChange)decision, now), now, leaseUntil, PayStateTraces.Current)
            ?? throw new InvalidOperationException($"Object {current.Id} changed under its lock.");
    }

    /// The answer to a refusal or a move already made; null when the decision is a change to write.
    private static ChangeResult? Refused(PayObject current, Decision decision) => decision switch
    {
        Refusal refusal => ChangeResult.Refused(current, refusal),
        AlreadyDone => ChangeResult.Done(current),
        StateChange => null,
        _ => throw new InvalidOperationException("A decision is a StateChange, AlreadyDone or a Refusal."),
    };

    /// Writes a change decided on the given version of the object; null, with nothing written, when the object is
    /// no longer at that version.
    private static ChangeResult? Write(
        IStoreTransaction tx, IObjectKind kind, PayObject current, ChangeContext context, StateChange change, WrittenForm form,
        DateTimeOffset now, DateTimeOffset? leaseUntil, ActivityContext? trace)
    {
        var updated = current with { State = change.State, Version = context.Version, Data = change.Data, UpdatedAt = now };
        var recorded = new EventRecord(0, context.EventId, current.MerchantId, current.Kind, current.Id, context.Version, change.EventType, now, form.Stored)
        {
            Trace = trace,
        };
        var deliveries = form.Deliveries;
        if (tx.RecordChange(new ChangeWrite(updated, recorded, deliveries, leaseUntil, change.CancelTimers) { DocumentInEvent = kind.DocumentIsPayload })
            is not { } written) return null;
        List<ClaimedDelivery>? leased = null;
        for (var i = 0; i < deliveries.Count; i++)
        {
            if (!written.Leased[i]) continue;
            var (delivery, target) = (deliveries[i], change.Targets[i]);
            (leased ??= []).Add(new ClaimedDelivery(
                delivery.Id, context.EventId, current.MerchantId, current.TerminalId, current.Kind, current.Id, context.Version,
                target.Purpose, target.Url, 0, target.Body ?? form.Wire, leaseUntil) { Trace = trace });
        }
        foreach (var purpose in change.CancelDeliveries)
            tx.CancelOpenDeliveries(current.Id, purpose, $"cancelled: {current.Kind} {current.Id} moved on to {change.State}", now);
        foreach (var timer in change.SetTimers) tx.SetTimer(timer);
        var unleased = change.Targets.Count - (leased?.Count ?? 0);
        return new ChangeResult(ChangeStatus.Changed, updated, recorded with { Seq = written.Seq, Payload = form.Wire }, null, unleased > 0, change.SetTimers.Count > 0)
        {
            Leased = leased ?? [],
        };
    }

    /// What a change writes beyond its decision, made before the writer's turn where the change was decided off it:
    /// its deliveries with their ids, and its payload as stored and as sent (the kind's Stored and Wire forms).
    private static WrittenForm Written(IObjectKind kind, StateChange change, DateTimeOffset now) => new(
        change.Targets.Select(target => new ChangeDelivery(SecureIds.NewDeliveryId(now), target.Purpose, target.Url, target.Body)).ToList(),
        kind.Stored(change.Payload), kind.Wire(change.Payload));

    private sealed record WrittenForm(List<ChangeDelivery> Deliveries, byte[] Stored, byte[] Wire);

    /// After the commit of a change: tell the observers (long-poll waiters, the hand-off to the dispatcher) and wake the
    /// loops with new work.
    public void Committed(ChangeResult result)
    {
        foreach (var observer in _observers) observer.Committed(result);
        if (result.Status == ChangeStatus.Changed)
        {
            metrics.StatusChanged(result.Object!.Kind);
            if (log.IsEnabled(LogLevel.Debug))
            {
                log.LogDebug("Object {ObjectId} ({Kind}) is now {State} at version {Version} (event {EventId})",
                    result.Object.Id, result.Object.Kind, result.Object.State, result.Object.Version, result.Event!.Id);
            }
        }
        Committed(result.Deliveries, result.Timers);
    }
}
