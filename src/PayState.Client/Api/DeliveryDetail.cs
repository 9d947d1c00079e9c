using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One webhook delivery with everything the server knows of it: the <see cref="Delivery"/> fields, then these and every attempt.</summary>
public sealed record DeliveryDetail : Delivery
{
    /// <summary>The object's version the event carries.</summary>
    [JsonPropertyName("sequence")]
    public required long Sequence { get; init; }

    /// <summary>What the delivery is for (e.g. a webhook or an IPN).</summary>
    [JsonPropertyName("purpose")]
    public required string Purpose { get; init; }

    /// <summary>The last attempt's error (timeout or connection error); null when none.</summary>
    [JsonPropertyName("last_error")]
    public string? LastError { get; init; }

    /// <summary>When the delivery was made.</summary>
    [JsonPropertyName("created_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Every attempt, oldest first.</summary>
    [JsonPropertyName("attempt_log")]
    public required IReadOnlyList<Attempt> AttemptLog { get; init; }
}
