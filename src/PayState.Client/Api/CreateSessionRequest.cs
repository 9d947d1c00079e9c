using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The fields of a new verification session.</summary>
public sealed record CreateSessionRequest
{
    /// <summary>Required customer id (at most 255 characters).</summary>
    [JsonPropertyName("customerId")]
    public required string CustomerId { get; init; }

    /// <summary>Optional lifetime in whole seconds, 60 to 604800 (server default 3600); left out when null.</summary>
    [JsonPropertyName("expiresIn"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExpiresIn { get; init; }
}
