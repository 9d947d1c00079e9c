using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>A payment instrument verification session (camelCase on the wire).</summary>
/// <param name="SessionId">The session's id.</param>
/// <param name="CustomerId">The merchant's customer id.</param>
/// <param name="SessionStatus"><c>ACTIVE</c>, <c>AWAITING_USER_INPUT</c>, <c>ONGOING_VERIFICATION</c>, <c>COMPLETED</c> or <c>FAILED</c>.</param>
/// <param name="StatusReason">Why it failed (e.g. <c>NAME_MISMATCH</c>); only when FAILED.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="ExpiresAt">When an open session fails with <c>SESSION_EXPIRED</c>.</param>
public sealed record VerificationSession(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("sessionStatus")] string SessionStatus,
    [property: JsonPropertyName("statusReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? StatusReason,
    [property: JsonPropertyName("createdAt"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("expiresAt"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset ExpiresAt);
