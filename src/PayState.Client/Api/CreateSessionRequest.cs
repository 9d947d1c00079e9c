using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The fields of a new verification session.</summary>
/// <param name="CustomerId">Required customer id (at most 255 characters).</param>
/// <param name="ExpiresIn">Optional lifetime in whole seconds, 60 to 604800 (server default 3600); left out when null.</param>
public sealed record CreateSessionRequest(
    [property: JsonPropertyName("customerId")] string CustomerId,
    [property: JsonPropertyName("expiresIn"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExpiresIn = null);
