namespace PayState.Server.Storage;

/// One writer connection as the group-commit queue drives it: a transaction per batch, a savepoint per unit.
public interface IBatchSession : IDisposable
{
    IStoreTransaction Transaction { get; }

    void Begin();

    void Savepoint();

    void Release();

    void RollbackToSavepoint();

    /// Commits the batch; a session may add its own last statements first (PostgreSQL's NOTIFY).
    void Commit();

    /// Abandons the batch after a failure; a session whose connection broke reconnects on the next Begin.
    void Abort();

    /// Whether a batch that failed with this error is to run again whole, in a new transaction (a deadlock the
    /// database broke): the failure is the transaction's, not a unit's.
    bool MustRunAgain(Exception e) => false;
}
