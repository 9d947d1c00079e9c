using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One attempt of a webhook delivery.</summary>
public sealed record Attempt
{
    /// <summary>When it was sent.</summary>
    [JsonPropertyName("attempted_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset AttemptedAt { get; init; }

    /// <summary>How long it took, in milliseconds.</summary>
    [JsonPropertyName("duration_ms")]
    public required long DurationMs { get; init; }

    /// <summary>The receiver's HTTP status; null when there was no answer.</summary>
    [JsonPropertyName("status_code")]
    public int? StatusCode { get; init; }

    /// <summary>The timeout or connection error; null when the receiver answered.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The first 1 KiB of the receiver's answer.</summary>
    [JsonPropertyName("response_body")]
    public string? ResponseBody { get; init; }

    /// <summary>The server process that sent it (host name and process id).</summary>
    [JsonPropertyName("node")]
    public string? Node { get; init; }
}
