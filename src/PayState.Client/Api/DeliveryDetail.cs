using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One webhook delivery with everything the server knows of it: the <see cref="Delivery"/> fields, then these and every attempt.</summary>
/// <param name="Id">The delivery's id.</param>
/// <param name="EventId">The event it delivers.</param>
/// <param name="ObjectKind">The object's kind.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="Url">Where it is sent.</param>
/// <param name="Status"><c>pending</c>, <c>failed</c>, <c>succeeded</c> or <c>dead</c>.</param>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="NextAttemptAt">When the next attempt is due; null when none is.</param>
/// <param name="LastStatusCode">The last attempt's HTTP status; null when it had none.</param>
/// <param name="Sequence">The object's version the event carries.</param>
/// <param name="Purpose">What the delivery is for (e.g. a webhook or an IPN).</param>
/// <param name="LastError">The last attempt's error (timeout or connection error); null when none.</param>
/// <param name="CreatedAt">When the delivery was made.</param>
/// <param name="AttemptLog">Every attempt, oldest first.</param>
// The first nine parameters are Delivery's own properties (names and wire names live there); only the rest are new.
public sealed record DeliveryDetail(
    string Id,
    string EventId,
    string ObjectKind,
    string ObjectId,
    string Url,
    string Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("purpose")] string Purpose,
    [property: JsonPropertyName("last_error")] string? LastError,
    [property: JsonPropertyName("created_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("attempt_log")] IReadOnlyList<Attempt> AttemptLog)
    : Delivery(Id, EventId, ObjectKind, ObjectId, Url, Status, Attempts, NextAttemptAt, LastStatusCode);
