using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The body PayState POSTs to the merchant's <c>/piv/events</c> URL when a verification session changes (camelCase on the wire).</summary>
/// <param name="Id">The event id (also the <c>webhook-id</c> of the delivery).</param>
/// <param name="SessionId">The session's id.</param>
/// <param name="CustomerId">The merchant's customer id.</param>
/// <param name="SessionStatus">The session's new status.</param>
/// <param name="StatusReason">Why it failed; only when <c>FAILED</c>, left out otherwise.</param>
/// <param name="Timestamp">When the change committed.</param>
public sealed record VerificationEvent(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("sessionStatus")] string SessionStatus,
    [property: JsonPropertyName("statusReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusReason,
    [property: JsonPropertyName("timestamp"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset Timestamp);
