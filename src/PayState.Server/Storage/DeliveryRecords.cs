namespace PayState.Server.Storage;

public static class DeliveryStatus
{
    public const string Pending = "pending";
    public const string Failed = "failed";
    public const string Succeeded = "succeeded";
    public const string Dead = "dead";

    public static bool IsKnown(string status) => status is Pending or Failed or Succeeded or Dead;
}

/// A delivery as the deliveries API shows it.
public sealed record DeliveryRecord(
    long Seq,
    string Id,
    string EventId,
    string MerchantId,
    string ObjectKind,
    string ObjectId,
    int Version,
    string Purpose,
    string Url,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt);

/// A delivery taken by a dispatcher under a lease (until LeaseUntil), with what it needs to send.
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

/// The result of one attempt, and what it makes of the delivery. HeldUntil is the lease the attempt was made
/// under: if the delivery no longer holds it (the lease ran out and another claim took it), only the attempt is
/// recorded and the delivery is left to its new holder.
public sealed record DeliveryOutcome(
    string DeliveryId,
    DateTimeOffset AttemptedAt,
    int DurationMs,
    int? StatusCode,
    string? Error,
    string? ResponseBody,
    string NewStatus,
    DateTimeOffset? NextAttemptAt,
    string? Node = null,
    DateTimeOffset? HeldUntil = null);

public sealed record AttemptRecord(
    DateTimeOffset AttemptedAt,
    int DurationMs,
    int? StatusCode,
    string? Error,
    string? ResponseBody,
    string? Node);

public sealed record DeliveryQuery(string MerchantId, string? Status, long? BeforeSeq, int Limit);

/// What a dispatcher asks for: up to Limit due stream heads, leased until LeaseUntil, within the Room its send
/// slots have left for each target host and each merchant.
public sealed record ClaimRequest(DateTimeOffset Now, DateTimeOffset LeaseUntil, int Limit, SendRoom Room);

/// How many more sends may start to each target host and for each merchant: the ones named have what is named
/// (0 when full), every other host PerHost and every other merchant PerMerchant.
public sealed record SendRoom(int PerHost, int PerMerchant, IReadOnlyDictionary<string, int> Hosts, IReadOnlyDictionary<string, int> Merchants)
{
    private static readonly IReadOnlyDictionary<string, int> NoneNamed = new Dictionary<string, int>();

    /// A full share for every host and merchant.
    public static SendRoom Full(int perHost, int perMerchant) => new(perHost, perMerchant, NoneNamed, NoneNamed);
}
