namespace PayState.Server.Storage;

/// The writes of one unit of work, all committed together or not at all.
public interface IStoreTransaction
{
    /// Reads an object for change; the row stays locked against other writers until commit.
    PayObject? LockObject(string id);

    /// Inserts an object at version 1. With documentInEvents (IObjectKind.DocumentIsPayload), its document is kept
    /// apart from the row until the object's first change, whose event then carries the object's document.
    void InsertObject(PayObject value, bool documentInEvents = false);

    /// Writes a change when the stored object is still at the version before it: the object (pointing at its new
    /// newest event), its event, the event's deliveries (each as InsertDelivery would, a later one to the same URL
    /// behind an earlier one) and the cancelled timers. Null, with nothing written, when another change got there first. One call, so a
    /// store across a network makes it one round trip.
    WrittenChange? RecordChange(ChangeWrite change);

    /// Returns the event's commit sequence.
    long InsertEvent(EventRecord value);

    /// Inserts a pending delivery. With a LeaseUntil, the row is inserted already leased when it is the head of
    /// its stream (no earlier delivery of the object to the URL is open), and true says so: the caller sends it
    /// itself, with no claim.
    bool InsertDelivery(NewDelivery value);

    void SetTimer(TimerRecord value);

    /// Deletes the timer if it is due by dueBy; returns whether it did. A timer is fired by whoever deletes it,
    /// so it fires once even when several schedulers see it due.
    bool DeleteTimer(string objectId, string name, DateTimeOffset dueBy);

    IdempotencyRecord? FindIdempotency(string terminalId, string key);

    void InsertIdempotency(IdempotencyRecord value);

    /// Records a signed request's signature, kept until keepUntil; false when it was recorded already (a replay).
    bool UseSignature(byte[] signature, DateTimeOffset keepUntil);

    /// Removes used signatures and dashboard sessions whose time is past; returns how many.
    int DeleteExpiredAccessRecords(DateTimeOffset now);

    MerchantRecord? FindMerchant(string id);

    void InsertMerchant(MerchantRecord value);

    void UpdateMerchant(MerchantRecord value);

    TerminalRecord? FindTerminal(string id);

    void InsertTerminal(TerminalRecord value);

    void UpdateTerminal(TerminalRecord value);

    string? GetSetting(string key);

    void SetSetting(string key, string value);

    /// Gives up the object's open deliveries of a purpose that are not in flight; returns how many.
    int CancelOpenDeliveries(string objectId, string purpose, string reason, DateTimeOffset now);

    /// Retention (RetentionSweeper), a bounded page at a time, oldest first: looks at up to limit attempts after the
    /// given id and removes those made before the time.
    RetentionPage RemoveAttempts(long after, DateTimeOffset before, int limit);

    /// Looks at up to limit deliveries after the given seq and removes, with their attempts, those that succeeded or
    /// died before the time.
    RetentionPage RemoveSettledDeliveries(long after, DateTimeOffset before, int limit);

    /// Looks at up to limit sandbox inbox entries after the given id and removes those received before the time.
    RetentionPage RemoveInboxMessages(long after, DateTimeOffset before, int limit);

    /// Looks at up to limit events after the given seq and removes, with their deliveries and attempts, those created
    /// before the time, except each object's newest (its document). An event whose delivery is still open ends the
    /// sweep there: the events API lists from the last seq passed on (EventHorizon).
    RetentionPage RemoveEvents(long after, DateTimeOffset before, int limit);

    /// The chain slice's writes, in this transaction.
    IChainTransaction Chain { get; }
}
