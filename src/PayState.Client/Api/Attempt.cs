using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One attempt of a webhook delivery.</summary>
/// <param name="AttemptedAt">When it was sent.</param>
/// <param name="DurationMs">How long it took, in milliseconds.</param>
/// <param name="StatusCode">The receiver's HTTP status; null when there was no answer.</param>
/// <param name="Error">The timeout or connection error; null when the receiver answered.</param>
/// <param name="ResponseBody">The first 1 KiB of the receiver's answer.</param>
/// <param name="Node">The server process that sent it (host name and process id).</param>
public sealed record Attempt(
    [property: JsonPropertyName("attempted_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset AttemptedAt,
    [property: JsonPropertyName("duration_ms")] long DurationMs,
    [property: JsonPropertyName("status_code")] int? StatusCode,
    [property: JsonPropertyName("error")] string? Error,
    [property: JsonPropertyName("response_body")] string? ResponseBody,
    [property: JsonPropertyName("node")] string? Node);
