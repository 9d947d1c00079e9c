using System.Text.Json.Serialization;

namespace PayState.Client;

// The acquiring API wraps every answer in {"success":true,"data":...}.
internal sealed record AcquiringOrderEnvelope(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("data")] AcquiringOrder Data);
