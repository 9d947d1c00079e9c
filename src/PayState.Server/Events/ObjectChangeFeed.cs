using PayState.Server.Lifecycle;

namespace PayState.Server.Events;

/// Tells long-poll waiters that an object changed. Waiters of one object share one task, completed by the
/// commit that changes it; waiting holds no thread, only that task and the caller's timer.
public sealed class ObjectChangeFeed : ICommitObserver
{
    private readonly Dictionary<string, Waiters> _byObject = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _held;

    /// Requests currently held open by long-polls.
    public int Held => Volatile.Read(ref _held);

    /// Subscribe before reading the current version, then await: a change committed in between still wakes.
    /// A watcher that is not a held request (the dashboard's live page) passes heldRequest: false, so Held stays
    /// the count of long-polls.
    public Subscription Subscribe(string objectId, bool heldRequest = true)
    {
        lock (_lock)
        {
            if (!_byObject.TryGetValue(objectId, out var waiters))
            {
                waiters = new Waiters();
                _byObject[objectId] = waiters;
            }
            waiters.Count++;
            if (heldRequest) Interlocked.Increment(ref _held);
            return new Subscription(this, objectId, waiters, heldRequest);
        }
    }

    /// A change this process committed wakes its object's waiters.
    public void Committed(ChangeResult result)
    {
        if (result.Status == ChangeStatus.Changed) Publish(result.Object!.Id);
    }

    public void Publish(string objectId)
    {
        Waiters? waiters;
        lock (_lock)
        {
            if (!_byObject.Remove(objectId, out waiters)) return;
        }
        waiters.Changed.TrySetResult();
    }

    /// Wakes every waiter: after a gap in notifications nobody knows what changed, so all look again.
    public void PublishAll()
    {
        List<Waiters> all;
        lock (_lock)
        {
            all = [.. _byObject.Values];
            _byObject.Clear();
        }
        foreach (var waiters in all) waiters.Changed.TrySetResult();
    }

    private void Unsubscribe(string objectId, Waiters waiters, bool heldRequest)
    {
        lock (_lock)
        {
            if (heldRequest) Interlocked.Decrement(ref _held);
            if (--waiters.Count == 0 && _byObject.TryGetValue(objectId, out var current) && current == waiters) _byObject.Remove(objectId);
        }
    }

    internal sealed class Waiters
    {
        public TaskCompletionSource Changed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Count { get; set; }
    }

    public sealed class Subscription : IDisposable
    {
        private readonly ObjectChangeFeed _feed;
        private readonly string _objectId;
        private readonly Waiters _waiters;
        private readonly bool _heldRequest;
        private int _disposed;

        internal Subscription(ObjectChangeFeed feed, string objectId, Waiters waiters, bool heldRequest)
        {
            _feed = feed;
            _objectId = objectId;
            _waiters = waiters;
            _heldRequest = heldRequest;
        }

        /// Completes at the next change after Subscribe.
        public Task Changed => _waiters.Changed.Task;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) _feed.Unsubscribe(_objectId, _waiters, _heldRequest);
        }
    }
}
