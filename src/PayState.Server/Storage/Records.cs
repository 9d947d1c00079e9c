using System.Collections.Concurrent;

namespace PayState.Server.Storage;

// Rows as the store hands them out. Times are UTC, truncated to whole microseconds.

public sealed record MerchantRecord(
    string Id,
    string Name,
    bool SendActionEventsInIdentification,
    string? EventsWebhook,
    string? PivEventsUrl,
    IReadOnlyDictionary<string, string> WebhookParams,
    DateTimeOffset CreatedAt);

public sealed record TerminalRecord(
    string Id,
    string MerchantId,
    string ApiKey,
    string ApiSecret,
    string WebhookSecret,
    string? PreviousWebhookSecret,
    DateTimeOffset? PreviousSecretValidUntil,
    DateTimeOffset CreatedAt,
    bool Disabled = false);

/// One payment object of any kind: the lifecycle engine's unit. Data is the kind's own JSON document, as stored
/// (IObjectKind.Stored): wherever the store keeps it (the row, the newest event, or the first document).
public sealed record PayObject(
    string Id,
    string Kind,
    string MerchantId,
    string TerminalId,
    string State,
    int Version,
    string Data,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// An event: one change of one object. Payload is the exact webhook body of that version.
public sealed record EventRecord(
    long Seq,
    string Id,
    string MerchantId,
    string ObjectKind,
    string ObjectId,
    int Version,
    string Type,
    DateTimeOffset CreatedAt,
    byte[] Payload)
{
    /// The span the event belongs to (PayStateTraces), stored with it; null when the change was not traced.
    public System.Diagnostics.ActivityContext? Trace { get; init; }

    /// The PostgreSQL transaction that wrote the event, as the events API orders by it (EventPosition); 0 on SQLite.
    public long Xid { get; init; }
}

/// A change as the store writes it: the object's new version, the event that tells of it, the event's
/// deliveries (one per target, in order; with a LeaseUntil, inserted leased when they head their stream) and
/// the timers it cancels.
public sealed record ChangeWrite(
    PayObject Updated, EventRecord Event, IReadOnlyList<ChangeDelivery> Deliveries, DateTimeOffset? LeaseUntil, IReadOnlyList<string> CancelTimers)
{
    /// The event's payload is the object's document (IObjectKind.DocumentIsPayload): the row keeps none of its own
    /// and points at the event, and the object's first document, kept until now, goes.
    public bool DocumentInEvent { get; init; }

    /// A delivery of the change as a row: the rest of it is the change's object and event.
    public NewDelivery Row(ChangeDelivery delivery, long eventSeq) => new(
        delivery.Id, eventSeq, Updated.MerchantId, Updated.TerminalId, Updated.Kind, Updated.Id, Event.Version,
        delivery.Purpose, delivery.Url, Event.CreatedAt, delivery.Body, LeaseUntil);
}

/// What one delivery of a change has of its own.
public sealed record ChangeDelivery(string Id, string Purpose, string Url, byte[]? Body);

/// A written change: the event's commit sequence and, for each delivery in order, whether it was inserted leased.
public sealed record WrittenChange(long Seq, IReadOnlyList<bool> Leased);

public sealed record NewDelivery(
    string Id,
    long EventSeq,
    string MerchantId,
    string TerminalId,
    string ObjectKind,
    string ObjectId,
    int Version,
    string Purpose,
    string Url,
    DateTimeOffset CreatedAt,
    byte[]? Body = null,
    DateTimeOffset? LeaseUntil = null)
{
    /// What per-host concurrency is counted by: DeliveryHost.
    public string Host => DeliveryHost.Of(Url);
}

/// The target host a delivery's send slots are counted by: the host name alone, lowercase, in its ASCII (IDNA) form.
/// Not the port or scheme: every port of one host is the same machine, so spreading targets over ports earns no more
/// slots.
public static class DeliveryHost
{
    // Every change asks for its delivery's host three times, and a merchant's webhook URLs are few. Bounded, since
    // URLs come from requests: past the bound a host is worked out each time.
    private const int Kept = 4096;
    private static readonly ConcurrentDictionary<string, string> Known = new(StringComparer.Ordinal);
    private static int _known;

    public static string Of(string url)
    {
        if (Known.TryGetValue(url, out var host)) return host;
        host = new Uri(url).IdnHost.ToLowerInvariant();
        // The dictionary's own Count takes all its locks: counted here.
        if (Volatile.Read(ref _known) < Kept && Known.TryAdd(url, host)) Interlocked.Increment(ref _known);
        return host;
    }
}

public sealed record TimerRecord(string ObjectId, string Name, DateTimeOffset DueAt);

/// Kind: the object kind of the create the key was first sent to.
public sealed record IdempotencyRecord(
    string TerminalId,
    string Key,
    string Kind,
    string RequestHash,
    int StatusCode,
    byte[] ResponseBody,
    DateTimeOffset CreatedAt);
