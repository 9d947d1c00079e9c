namespace PayState.Server.Storage;

/// A delivery taken under a lease (until LeaseUntil), with what it needs to send: claimed by a dispatcher, or
/// inserted leased by the change that made it (ChangeResult.Leased), so it sits with the outbox rows the engine writes.
public sealed record ClaimedDelivery(
    string Id,
    string EventId,
    string MerchantId,
    string TerminalId,
    string ObjectKind,
    string ObjectId,
    int Version,
    string Purpose,
    string Url,
    int Attempts,
    byte[] Payload,
    DateTimeOffset? LeaseUntil = null)
{
    public string Host => DeliveryHost.Of(Url);

    /// The event's span, which each attempt of it is a child of; null when the event was not traced.
    public System.Diagnostics.ActivityContext? Trace { get; init; }
}
