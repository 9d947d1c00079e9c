using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// One webhook delivery, as the deliveries list and a retry answer show it. <see cref="DeliveryDetail"/> (one
/// delivery read by id) is this with the detail fields and the attempt log added.
/// </summary>
// Not sealed: DeliveryDetail extends it, so the summary fields are declared once.
public record Delivery
{
    /// <summary>The delivery's id.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The event it delivers.</summary>
    [JsonPropertyName("event_id")]
    public required string EventId { get; init; }

    /// <summary>The object's kind: one of <see cref="ObjectKinds"/>.</summary>
    [JsonPropertyName("object_kind")]
    public required string ObjectKind { get; init; }

    /// <summary>The object's id.</summary>
    [JsonPropertyName("object_id")]
    public required string ObjectId { get; init; }

    /// <summary>Where it is sent.</summary>
    [JsonPropertyName("url")]
    public required string Url { get; init; }

    /// <summary>One of <see cref="DeliveryStatuses"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>How many attempts were made.</summary>
    [JsonPropertyName("attempts")]
    public required int Attempts { get; init; }

    /// <summary>When the next attempt is due; null when none is.</summary>
    [JsonPropertyName("next_attempt_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public DateTimeOffset? NextAttemptAt { get; init; }

    /// <summary>The last attempt's HTTP status; null when it had none.</summary>
    [JsonPropertyName("last_status_code")]
    public int? LastStatusCode { get; init; }
}
