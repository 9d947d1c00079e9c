using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// A new object as its kind's create path makes it, not yet stored: the object (version 1), its timers, the body the
/// create answers (201), and what else its kind keeps beside it (an order's row for the chain watcher), written in the
/// same transaction.
public sealed record NewObject(PayObject Object, IReadOnlyList<TimerRecord> Timers, byte[] Answer)
{
    public Action<IStoreTransaction>? AlsoWrite { get; init; }
}
