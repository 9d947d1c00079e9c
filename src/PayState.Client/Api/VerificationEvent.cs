using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The body PayState POSTs to the merchant's <c>/piv/events</c> URL when a verification session changes (camelCase on the wire).</summary>
public sealed record VerificationEvent
{
    /// <summary>The event id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The session's id.</summary>
    [JsonPropertyName("sessionId")]
    public required string SessionId { get; init; }

    /// <summary>The merchant's customer id.</summary>
    [JsonPropertyName("customerId")]
    public required string CustomerId { get; init; }

    /// <summary>The session's new status: one of <see cref="SessionStatuses"/>.</summary>
    [JsonPropertyName("sessionStatus")]
    public required string SessionStatus { get; init; }

    /// <summary>Why it failed (one of <see cref="SessionStatusReasons"/>); only when <c>FAILED</c>, left out otherwise.</summary>
    [JsonPropertyName("statusReason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusReason { get; init; }

    /// <summary>When the change committed.</summary>
    [JsonPropertyName("timestamp"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset Timestamp { get; init; }
}
