using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// A new order as the API creates it, not yet stored: the object, its expiry timer, and its row for the chain
/// watcher when its network is watched.
public sealed record NewOrder(PayObject Order, TimerRecord Expiry, WatchedOrder? Watch)
{
    /// Stores it inside the caller's transaction.
    public void Write(IStoreTransaction tx, LifecycleEngine engine)
    {
        engine.Insert(tx, Order, [Expiry]);
        if (Watch is not null) tx.Chain.InsertWatchedOrder(Watch);
    }
}
