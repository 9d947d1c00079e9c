using System.Threading.Channels;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The fast path from a commit to a send. A change's delivery that is the head of its stream is inserted already
/// leased to this process and handed straight to the dispatcher, so it costs no claim query and no wait for the
/// claim loop. The lease makes it as crash-safe as a claimed one: if this process dies first, the lease runs out
/// and any process claims it.
public sealed class DeliveryHandoff(DeliveryOptions options) : IDeliveryLeases, ICommitObserver
{
    private readonly Channel<ClaimedDelivery> _queue = Channel.CreateUnbounded<ClaimedDelivery>(new() { SingleReader = true });
    private readonly System.Collections.Concurrent.ConcurrentQueue<DateTimeOffset> _lost = new();
    private volatile bool _open;
    private int _unstarted;

    public ChannelReader<ClaimedDelivery> Reader => _queue.Reader;

    /// The lease to insert a change's deliveries with, or null when no dispatcher here takes them.
    public DateTimeOffset? LeaseUntil(DateTimeOffset now) => _open ? now + options.Lease : null;

    /// The change's deliveries inserted leased to this process, to send now.
    public void Committed(ChangeResult result)
    {
        Interlocked.Add(ref _unstarted, result.Leased.Count);
        foreach (var delivery in result.Leased) _queue.Writer.TryWrite(delivery);
    }

    /// Handed over and not yet started (or given back) by the dispatcher.
    public int Unstarted => Volatile.Read(ref _unstarted);

    /// The dispatcher started (or gave back) this many of those handed over.
    public void Started(int count) => Interlocked.Add(ref _unstarted, -count);

    /// The dispatcher gives a lost lease up as soon as the database takes the write, so the claim loop sends what it
    /// holds at once instead of when the lease runs out.
    public void Lost(DateTimeOffset leaseUntil) => _lost.Enqueue(leaseUntil);

    /// The leases lost so far, to give up; those not given up (the database still away) go back with Relost.
    public List<DateTimeOffset> TakeLost()
    {
        var lost = new List<DateTimeOffset>();
        while (_lost.TryDequeue(out var lease)) lost.Add(lease);
        return lost;
    }

    public void Relost(IEnumerable<DateTimeOffset> leases)
    {
        foreach (var lease in leases) _lost.Enqueue(lease);
    }

    /// Set by the dispatcher while its loops run; a stopped one takes nothing, so nothing sits leased unsent.
    public void Open() => _open = true;

    public void Close() => _open = false;
}
