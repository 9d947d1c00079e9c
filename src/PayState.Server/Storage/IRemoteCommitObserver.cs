namespace PayState.Server.Storage;

/// Hears what other processes sharing the database commit (PostgreSQL's NOTIFY, PostgresChangeListener), so that it
/// wakes this process as its own commits do.
public interface IRemoteCommitObserver
{
    void ObjectChanged(string objectId);

    /// Deliveries were written that this process's dispatcher may send.
    void DeliveriesWritten();

    /// Timers were set that this process's timer loop may fire.
    void TimersWritten();

    /// After a gap in the notices nobody knows what changed: everything looks again.
    void AnythingMayHaveChanged();
}
