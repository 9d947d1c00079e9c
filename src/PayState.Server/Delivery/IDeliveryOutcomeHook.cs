using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// What an attempt's outcome does beyond the delivery, for one purpose (a checkout's IPN answer moves the
/// checkout), done in the transaction that records the outcome so neither can happen without the other.
public interface IDeliveryOutcomeHook
{
    string Purpose { get; }

    /// Returns the outcome to record (possibly final where it would have been retried) and the change made to
    /// the delivery's object, if any.
    (DeliveryOutcome Outcome, ChangeResult? Change) Apply(IStoreTransaction transaction, ClaimedDelivery delivery, DeliveryOutcome outcome, DateTimeOffset now);
}
