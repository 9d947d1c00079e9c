using System.Threading.Channels;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The dispatcher's outcomes, written in batches: whatever has arrived is recorded in one transaction with
/// what each outcome does to its object (a checkout's IPN), so a burst of answers costs one commit.
internal sealed class OutcomeRecorder(
    IDeliveryStore store, LifecycleEngine engine, IEnumerable<IDeliveryOutcomeHook> hooks, DeliveryAttemptFeed attempts, WakeSignals signals, ILogger log)
{
    private readonly Channel<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)> _outcomes =
        Channel.CreateUnbounded<(ClaimedDelivery, DeliveryOutcome)>(new() { SingleReader = true });
    private readonly Dictionary<string, IDeliveryOutcomeHook> _hooks = hooks.ToDictionary(h => h.Purpose, StringComparer.Ordinal);

    private int _unrecorded;

    /// Outcomes added and not yet written (or written, before the claim loop was woken for them).
    public int Unrecorded => Volatile.Read(ref _unrecorded);

    public void Add(ClaimedDelivery delivery, DeliveryOutcome outcome)
    {
        Interlocked.Increment(ref _unrecorded);
        _outcomes.Writer.TryWrite((delivery, outcome));
    }

    /// No more outcomes: RunAsync ends once those already added are written.
    public void Complete() => _outcomes.Writer.TryComplete();

    /// Writes whatever outcomes are waiting in one transaction, with what they do to their objects, then wakes
    /// the claim loop: the next event of each object whose delivery just finished may now go. While the database
    /// cannot be reached, the outcomes are kept and written once it is back, under the leases they were sent with:
    /// a send whose answer this process has is not sent again for want of a record.
    public async Task RunAsync()
    {
        var batch = new List<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)>();
        while (batch.Count > 0 || await _outcomes.Reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
        {
            while (batch.Count < 1024 && _outcomes.Reader.TryRead(out var item)) batch.Add(item);
            var written = await TryRecordAsync(batch).ConfigureAwait(false) || _outcomes.Reader.Completion.IsCompleted;
            if (!written) await Task.Delay(RetryDelay, TimeProvider.System).ConfigureAwait(false);
            signals.Dispatcher.Wake();
            if (!written) continue;
            // Counted down after the wake: whoever sees none unrecorded finds the claim loop woken for them.
            Interlocked.Add(ref _unrecorded, -batch.Count);
            batch.Clear();
        }
    }

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// False when the batch is to be written again: the database was away and nothing of it was committed.
    private async Task<bool> TryRecordAsync(List<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)> batch)
    {
        try
        {
            var changes = await store.WriteAsync(tx => Record(tx, batch), CancellationToken.None).ConfigureAwait(false);
            foreach (var change in changes) engine.Committed(change);
            foreach (var (delivery, _) in batch) attempts.Publish(delivery.ObjectId);
            return true;
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e) && e is not CommitOutcomeUnknownException)
        {
            log.LogWarning("Recording {Count} delivery outcomes failed ({Error}); trying again in {Delay}", batch.Count, e.Message, RetryDelay);
            return false;
        }
        catch (Exception e)
        {
            // Unrecorded (or, the commit's outcome unknown, perhaps recorded): the deliveries keep their lease and are
            // sent again when it runs out.
            log.LogError(e, "Recording {Count} delivery outcomes failed", batch.Count);
            return true;
        }
    }

    private List<ChangeResult> Record(IDeliveryTransaction tx, List<(ClaimedDelivery Delivery, DeliveryOutcome Outcome)> batch)
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
