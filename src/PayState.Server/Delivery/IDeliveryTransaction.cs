using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The delivery's writes, inside one store transaction (IDeliveryStore.WriteAsync).
public interface IDeliveryTransaction : IStoreTransaction
{
    /// Stores attempts and their results, releasing the leases.
    void RecordOutcomes(IReadOnlyList<DeliveryOutcome> outcomes);

    /// Clears the leases of deliveries this process took but will not send now, so any claim may take them.
    int ReleaseLeases(IReadOnlyList<string> deliveryIds);

    /// Clears the leases a change handed out whose commit's outcome this process never learnt (the deliveries it
    /// inserted leased to itself, if it committed, that it will not send): found by the lease's exact end.
    int ReleaseLeasesHeldUntil(IReadOnlyList<DateTimeOffset> leases);

    /// Makes a delivery due now again: a failed one is retried, a dead or succeeded one is resent.
    bool RequeueDelivery(string id, string merchantId, DateTimeOffset now);

    /// Makes due now every dead delivery to a host that died at or after since (of one merchant, or of all
    /// when null); returns how many.
    int RequeueDeadDeliveries(string host, DateTimeOffset since, string? merchantId, DateTimeOffset now);
}
