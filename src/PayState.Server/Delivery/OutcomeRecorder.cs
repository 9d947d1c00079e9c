using System.Threading.Channels;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The dispatcher's outcomes, written in batches: whatever has arrived is recorded in one transaction with
/// what each outcome does to its object (a checkout's IPN), so a burst of answers costs one commit.
internal sealed class OutcomeRecorder(
    IStore store, LifecycleEngine engine, IEnumerable<IDeliveryOutcomeHook> hooks, DeliveryAttemptFeed attempts, WakeSignals signals, ILogger log)
{
    private readonly Channel<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)> _outcomes =
        Channel.CreateUnbounded<(ClaimedDelivery, DeliveryOutcome)>(new() { SingleReader = true });
    private readonly Dictionary<string, IDeliveryOutcomeHook> _hooks = hooks.ToDictionary(h => h.Purpose, StringComparer.Ordinal);

    public void Add(ClaimedDelivery delivery, DeliveryOutcome outcome) => _outcomes.Writer.TryWrite((delivery, outcome));

    /// No more outcomes: RunAsync ends once those already added are written.
    public void Complete() => _outcomes.Writer.TryComplete();

    /// Writes whatever outcomes are waiting in one transaction, with what they do to their objects, then wakes
    /// the claim loop: the next event of each object whose delivery just finished may now go.
    public async Task RunAsync()
    {
        var batch = new List<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)>();
        while (await _outcomes.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < 1024 && _outcomes.Reader.TryRead(out var item)) batch.Add(item);
            try
            {
                var changes = await store.WriteAsync(tx => Record(tx, batch), CancellationToken.None).ConfigureAwait(false);
                foreach (var change in changes) engine.Committed(change);
                foreach (var (delivery, _) in batch) attempts.Publish(delivery.ObjectId);
            }
            catch (Exception e)
            {
                // Unrecorded outcomes keep their lease: the deliveries are sent again when it runs out.
                log.LogError(e, "Recording {Count} delivery outcomes failed", batch.Count);
            }
            batch.Clear();
            signals.Dispatcher.Wake();
        }
    }

    private List<ChangeResult> Record(IStoreTransaction tx, List<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)> batch)
    {
        var now = engine.Now;
        var outcomes = new List<DeliveryOutcome>(batch.Count);
        var changes = new List<ChangeResult>();
        foreach (var (delivery, outcome) in batch)
        {
            if (!_hooks.TryGetValue(delivery.Purpose, out var hook))
            {
                outcomes.Add(outcome);
                continue;
            }
            var (recorded, change) = hook.Apply(tx, delivery, outcome, now);
            outcomes.Add(recorded);
            if (change is not null) changes.Add(change);
        }
        tx.RecordOutcomes(outcomes);
        return changes;
    }
}
