namespace PayState.Server.Lifecycle;

/// Where a change's deliveries may go straight after its commit, without waiting for a claim (the dispatcher's
/// hand-off): the engine inserts those that head their streams leased until LeaseUntil, and they come back in
/// ChangeResult.Leased for an ICommitObserver to send. A lease makes them as crash-safe as claimed ones.
public interface IDeliveryLeases
{
    /// The lease to insert a change's deliveries with, or null when nobody here sends them (they wait for a claim).
    DateTimeOffset? LeaseUntil(DateTimeOffset now);

    /// A change written with this lease may have committed without the engine hearing so (the connection dropped
    /// during COMMIT): what it inserted leased comes through no Committed, so the lease is to be given up instead.
    void Lost(DateTimeOffset leaseUntil);
}
