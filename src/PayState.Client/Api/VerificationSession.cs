using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>A payment instrument verification session (camelCase on the wire).</summary>
public sealed record VerificationSession
{
    /// <summary>The session's id.</summary>
    [JsonPropertyName("sessionId")]
    public required string SessionId { get; init; }

    /// <summary>The merchant's customer id.</summary>
    [JsonPropertyName("customerId")]
    public required string CustomerId { get; init; }

    /// <summary>One of <see cref="SessionStatuses"/>.</summary>
    [JsonPropertyName("sessionStatus")]
    public required string SessionStatus { get; init; }

    /// <summary>Why it failed (one of <see cref="SessionStatusReasons"/>); only when FAILED.</summary>
    [JsonPropertyName("statusReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusReason { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("createdAt"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an open session fails with <see cref="SessionStatusReasons.SessionExpired"/>.</summary>
    [JsonPropertyName("expiresAt"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset ExpiresAt { get; init; }
}
