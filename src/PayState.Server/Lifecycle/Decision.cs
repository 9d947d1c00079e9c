using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// What a kind's rules make of a requested change.
public abstract record Decision;

/// The change is not allowed; nothing is written.
public sealed record Refusal(int StatusCode, string Code, string Message) : Decision
{
    public static Refusal InvalidTransition(string message) => new(409, "invalid_transition", message);
}

/// The object is already where the move leads: the same move was made before (its answer perhaps lost on the way).
/// Nothing is written; the move is answered with the object's current state, as the first one was.
public sealed record AlreadyDone : Decision
{
    public static readonly AlreadyDone Instance = new();
}

/// Where an event is sent, and as what; Body, when given, is sent instead of the event's payload.
public sealed record DeliveryTarget(string Url, string Purpose, byte[]? Body = null);

/// The new state of an object, the exact webhook body of that version, its targets and timer changes.
public sealed record StateChange(string State, string Data, string EventType, byte[] Payload, IReadOnlyList<DeliveryTarget> Targets) : Decision
{
    public IReadOnlyList<TimerRecord> SetTimers { get; init; } = [];

    public IReadOnlyList<string> CancelTimers { get; init; } = [];

    /// Open deliveries of these purposes for this object, not in flight, that the change makes pointless
    /// (an IPN for a checkout that moved on): given up in the same transaction, so none is sent after it.
    public IReadOnlyList<string> CancelDeliveries { get; init; } = [];
}

/// What a change is decided with: the id and version the new event will have, the time of the change, and the
/// object's merchant for the kinds whose decisions read it (IObjectKind.ReadsMerchant).
public sealed class ChangeContext(string eventId, int version, DateTimeOffset now, Func<MerchantRecord?> merchant)
{
    private readonly Lazy<MerchantRecord?> _merchant = new(merchant, LazyThreadSafetyMode.None);

    public string EventId => eventId;

    public int Version => version;

    public DateTimeOffset Now => now;

    public MerchantRecord? Merchant => _merchant.Value;
}

public enum ChangeStatus
{
    Changed,
    AlreadyDone,
    Refused,
    NotFound,
}

public sealed record ChangeResult(ChangeStatus Status, PayObject? Object, EventRecord? Event, Refusal? Refusal, bool Deliveries, bool Timers)
{
    public static readonly ChangeResult NotFound = new(ChangeStatus.NotFound, null, null, null, false, false);

    public static ChangeResult Refused(PayObject current, Refusal refusal) => new(ChangeStatus.Refused, current, null, refusal, false, false);

    public static ChangeResult Done(PayObject current) => new(ChangeStatus.AlreadyDone, current, null, null, false, false);

    /// Deliveries inserted leased to this process: the dispatcher sends them without a claim.
    public IReadOnlyList<ClaimedDelivery> Leased { get; init; } = [];
}
