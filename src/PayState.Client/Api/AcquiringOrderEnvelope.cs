using System.Text.Json.Serialization;

namespace PayState.Client;

// The acquiring API wraps every answer in {"success":true,"data":...}.
internal sealed record AcquiringOrderEnvelope
{
    [JsonPropertyName("success")]
    public required bool Success { get; init; }

    [JsonPropertyName("data")]
    public required AcquiringOrder Data { get; init; }
}
