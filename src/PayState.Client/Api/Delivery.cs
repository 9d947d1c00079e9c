using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// One webhook delivery, as the deliveries list and a retry answer show it. <see cref="DeliveryDetail"/> (one
/// delivery read by id) is this with the detail fields and the attempt log added.
/// </summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="EventId">The event it delivers.</param>
/// <param name="ObjectKind">The object's kind.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="Url">Where it is sent.</param>
/// <param name="Status"><c>pending</c>, <c>failed</c>, <c>succeeded</c> or <c>dead</c>.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null when none is.</param>
/// <param name="LastStatusCode">The last attempt's HTTP status; null when it had none.</param>
// Not sealed: DeliveryDetail extends it, so the summary fields are declared once.
public record Delivery(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("event_id")] string EventId,
    [property: JsonPropertyName("object_kind")] string ObjectKind,
    [property: JsonPropertyName("object_id")] string ObjectId,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("attempts")] int Attempts,
    [property: JsonPropertyName("next_attempt_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset? NextAttemptAt,
    [property: JsonPropertyName("last_status_code")] int? LastStatusCode);
