namespace PayState.Server.Lifecycle;

/// Hears of each change the engine commits, right after its COMMIT: the change feed wakes the object's long-poll
/// waiters, the dispatcher's hand-off takes the deliveries the change inserted leased to it (ChangeResult.Leased).
/// Called on the committing caller's thread, so an observer only hands work on.
public interface ICommitObserver
{
    void Committed(ChangeResult result);
}
