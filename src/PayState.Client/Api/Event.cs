using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One event of the merchant, from the events API.</summary>
/// <param name="Id">The event id (<c>evt_...</c>), also the webhook's <c>webhook-id</c>.</param>
/// <param name="Type"><c>&lt;object kind&gt;.&lt;new state&gt;</c>, e.g. <c>acquiring_order.paid</c>.</param>
/// <param name="ObjectKind">The object's kind, e.g. <c>acquiring_order</c>.</param>
/// <param name="ObjectId">The object's id.</param>
/// <param name="Sequence">The object's version after the change (the webhook's <c>PayState-Sequence</c>).</param>
/// <param name="CreatedAt">When the change committed.</param>
/// <param name="Payload">The webhook body of the event, as JSON.</param>
public sealed record Event(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("object_kind")] string ObjectKind,
    [property: JsonPropertyName("object_id")] string ObjectId,
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("created_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("payload")] JsonElement Payload);
