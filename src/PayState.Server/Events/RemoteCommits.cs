using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Events;

/// What another process commits wakes this one as its own commits do: the object's long-poll waiters, the dispatcher
/// and the timer loop.
public sealed class RemoteCommits(ObjectChangeFeed feed, WakeSignals signals) : IRemoteCommitObserver
{
    public void ObjectChanged(string objectId) => feed.Publish(objectId);

    public void DeliveriesWritten() => signals.Dispatcher.Wake();

    public void TimersWritten() => signals.Timers.Wake();

    public void AnythingMayHaveChanged()
    {
        feed.PublishAll();
        signals.Dispatcher.Wake();
        signals.Timers.Wake();
    }
}
