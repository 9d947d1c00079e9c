using System.Collections.Concurrent;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// Moves the outbox: claims due deliveries in batches under a lease, sends them concurrently (bounded),
/// and hands outcomes to a recorder that writes them in batches. Per-object order comes from the claim,
/// which only takes the oldest open delivery of each object and URL. The claim and the handoff both keep each
/// merchant and each target host within its share of the send slots (SendSlots), and a host that keeps giving
/// no answer to one slot (HostBreaker), so one merchant's dead targets cannot hold the slots others need. Idle, it
/// sleeps until a commit or a finished send wakes it, or the earliest retry comes due, and at most one lease
/// length: a process that died leaves deliveries it inserted leased to itself, which announce nothing.
public sealed class DeliveryDispatcher(
    IDeliveryStore store, WebhookSender sender, DeliveryOptions options, WakeSignals signals, LifecycleEngine engine, DeliveryHandoff handoff,
    SigningKeySource signingKeys, IEnumerable<IDeliveryOutcomeHook> hooks, DeliveryAttemptFeed attempts, DispatcherHeartbeat heartbeat,
    ObjectKinds kinds, Metrics.PayStateMetrics metrics, TimeProvider clock, ILogger<DeliveryDispatcher> log)
    : BackgroundService
{
    private readonly OutcomeRecorder _recorder = new(store, engine, hooks, attempts, signals, log);
    private readonly SendSlots _slots = new(options.MaxConcurrency, options.MaxPerHost, options.MaxPerMerchant, new HostBreaker(clock, log));
    private readonly ConcurrentQueue<string> _cancelled = new();
    private readonly ConcurrentQueue<string> _unsent = new();

    /// Sends under way, and whether any delivery or outcome is on its way between the loops (handed over, being
    /// started, or its outcome not yet written). With the claim loop asleep (WakeSignal.Parked) and none on its way,
    /// nothing more happens until the clock moves, a send ends or something commits: what a test waits for instead
    /// of sleeping. Read in the order work flows through the loops, so work moving between two looks is seen.
    public (bool OnItsWay, int Sending) InHand()
    {
        var onItsWay = handoff.Unstarted > 0;
        var sending = options.MaxConcurrency - _slots.Free;
        return (onItsWay || _recorder.Unrecorded > 0, sending);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            heartbeat.Disabled();
            return;
        }
        var recorder = Task.Run(_recorder.RunAsync, CancellationToken.None);
        handoff.Open();
        try
        {
            await Task.WhenAll(ClaimLoopAsync(stoppingToken), HandoffLoopAsync(stoppingToken)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            handoff.Close();
            heartbeat.Stopped();
            await GiveBackAsync().ConfigureAwait(false);
            _recorder.Complete();
            await recorder.ConfigureAwait(false);
        }
    }

    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Busy();
            try
            {
                await GiveUpUnsentLeasesAsync(stoppingToken).ConfigureAwait(false);
                var free = _slots.Free;
                var now = clock.GetUtcNow();
                var claimed = free > 0
                    ? await store.ClaimDeliveriesAsync(
                        new ClaimRequest(now, now + options.Lease, Math.Min(free, options.ClaimBatch), _slots.Room()),
                        stoppingToken).ConfigureAwait(false)
                    : [];
                // Handed-over sends may have taken slots while the claim ran: what finds none now is given back.
                await StartOrGiveBackAsync(AsSent(claimed), stoppingToken).ConfigureAwait(false);
                if (claimed.Count > 0) continue;
                var next = free > 0 ? await store.NextDeliveryDueAsync(stoppingToken).ConfigureAwait(false) : null;
                // Due already at the claim, yet not claimed: our sends fill that host's share (or every slot), and a
                // finished send wakes us. Come due since the claim: go round again at once. Either way look again
                // within one lease: a delivery another process inserted leased to itself since our query is announced
                // to no one, and if that process dies it is ours to send once the lease runs out.
                var lookAgain = now + options.Lease;
                var wait = next is { } due && due > now && due < lookAgain ? due : lookAgain;
                heartbeat.Idle();
                await signals.Dispatcher.WaitAsync(wait, clock, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Delivery claim failed; retrying in 1 s");
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// Claimed deliveries with their bodies as sent: a payload is stored in its kind's stored form (a handed-over one
    /// comes as sent already).
    private List<ClaimedDelivery> AsSent(IReadOnlyList<ClaimedDelivery> claimed) =>
        claimed.Select(d => d with { Payload = kinds[d.ObjectKind].Wire(d.Payload) }).ToList();

    /// Sends what commits on this process handed over already leased. One whose host has no room is given back
    /// (its lease cleared) for the claim loop, which keeps each host within its share.
    private async Task HandoffLoopAsync(CancellationToken stoppingToken)
    {
        var batch = new List<ClaimedDelivery>();
        while (await handoff.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (handoff.Reader.TryRead(out var delivery)) batch.Add(delivery);
            await StartOrGiveBackAsync(batch, stoppingToken).ConfigureAwait(false);
            handoff.Started(batch.Count);
            batch.Clear();
        }
    }

    /// Starts each delivery that gets a send slot; clears the lease of each that does not, for the claim loop.
    private async Task StartOrGiveBackAsync(IReadOnlyList<ClaimedDelivery> deliveries, CancellationToken stoppingToken)
    {
        List<string>? giveBack = null;
        foreach (var delivery in deliveries)
        {
            if (_slots.TryTake(delivery.Host, delivery.MerchantId)) await StartAsync(delivery, stoppingToken).ConfigureAwait(false);
            else (giveBack ??= []).Add(delivery.Id);
        }
        if (giveBack is null) return;
        foreach (var id in giveBack) _unsent.Enqueue(id);
        signals.Dispatcher.Wake();
    }

    /// Gives up the leases this process holds but will not send on: deliveries without a send slot or whose send could
    /// not start (the database away), and those a change inserted leased to it when the change's commit outcome stayed
    /// unknown. Another claim (this loop's next, at once) takes them. Fails while the database is away, and the loop
    /// then tries again a second later: they go as soon as it is back, not when their leases run out.
    private async Task GiveUpUnsentLeasesAsync(CancellationToken stoppingToken)
    {
        var ids = new List<string>();
        while (_unsent.TryDequeue(out var id)) ids.Add(id);
        var lost = handoff.TakeLost();
        if (ids.Count == 0 && lost.Count == 0) return;
        try
        {
            await store.WriteAsync(tx => tx.ReleaseLeases(ids) + tx.ReleaseLeasesHeldUntil(lost), stoppingToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var id in ids) _unsent.Enqueue(id);
            handoff.Relost(lost);
            throw;
        }
    }

    /// Sends a delivery that holds a slot of _slots; the send returns it.
    private async ValueTask StartAsync(ClaimedDelivery delivery, CancellationToken stoppingToken)
    {
        IReadOnlyList<byte[]>? keys = null;
        try
        {
            keys = await signingKeys.ForAsync(delivery.TerminalId, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down before the send began: its lease is given back with those of the cancelled sends.
            _cancelled.Enqueue(delivery.Id);
            _slots.Return(delivery.Host, delivery.MerchantId);
            throw;
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e))
        {
            // Not sent for want of the database: given up for the next claim once it is back, not held for the lease.
            _unsent.Enqueue(delivery.Id);
            _slots.Return(delivery.Host, delivery.MerchantId);
            return;
        }
        catch (Exception e)
        {
            log.LogError(e, "Reading the signing keys of terminal {TerminalId} failed", delivery.TerminalId);
        }
        _ = SendAsync(delivery, keys, stoppingToken);
    }

    /// At shutdown: once the cancelled sends have ended, clears their leases and those of handed-over deliveries
    /// never started, so another process sends them now rather than when the lease runs out.
    private async Task GiveBackAsync()
    {
        await _slots.WhenIdleAsync().ConfigureAwait(false);
        var ids = _cancelled.ToList();
        while (_unsent.TryDequeue(out var unsent)) ids.Add(unsent);
        while (handoff.Reader.TryRead(out var delivery)) ids.Add(delivery.Id);
        if (ids.Count == 0) return;
        try
        {
            await store.WriteAsync(tx => tx.ReleaseLeases(ids), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Still leased: they go when the lease runs out, as after a crash.
            log.LogError(e, "Giving back {Count} deliveries at shutdown failed", ids.Count);
        }
    }

    private async Task SendAsync(ClaimedDelivery delivery, IReadOnlyList<byte[]>? keys, CancellationToken stoppingToken)
    {
        // Every line logged during the send (the HTTP client's too) names the delivery, its event and object.
        using var scope = log.BeginScope(new DeliveryLogScope(delivery));
        using var span = Telemetry.PayStateTraces.StartAttempt(delivery);
        try
        {
            var result = keys is null
                // Gone, or its read failed (logged where it was read): a failed attempt, retried like any other.
                ? new AttemptResult(null, $"not sent: no signing keys for terminal {delivery.TerminalId}", null, null, TimeSpan.Zero)
                : await sender.SendAsync(delivery, keys, stoppingToken).ConfigureAwait(false);
            _slots.Breaker.Observe(delivery.Host, result);
            var outcome = DeliveryOutcomes.Classify(delivery, result, Storage.UnixMicros.Truncate(clock.GetUtcNow()), options.Schedule, Random.Shared.NextDouble())
                with { Node = options.Node };
            metrics.DeliveryAttempted(delivery.EventId, result.Duration, result.Refused, outcome.NewStatus);
            Telemetry.PayStateTraces.Attempted(span, outcome.NewStatus, result.StatusCode, result.Error);
            AttemptLogLine.Write(log, delivery, result, outcome);
            _recorder.Add(delivery, outcome);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down mid-send: its lease is given back once every send has ended, and another process sends it again.
            _cancelled.Enqueue(delivery.Id);
        }
        catch (Exception e)
        {
            // The sender turns every failure into a result; this is what nobody expects. Still leased: sent again when it runs out.
            log.LogError(e, "Delivery {DeliveryId} of event {EventId} (object {ObjectId}): its attempt could not be handled", delivery.Id, delivery.EventId, delivery.ObjectId);
        }
        finally
        {
            _slots.Return(delivery.Host, delivery.MerchantId);
        }
    }
}
