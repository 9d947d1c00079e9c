using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One event of the merchant, from the events API.</summary>
public sealed record Event
{
    /// <summary>The event id (<c>evt_...</c>).</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary><c>&lt;object kind&gt;.&lt;new state&gt;</c>: one of <see cref="EventTypes"/>, e.g. <c>acquiring_order.paid</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The object's kind: one of <see cref="ObjectKinds"/>.</summary>
    [JsonPropertyName("object_kind")]
    public required string ObjectKind { get; init; }

    /// <summary>The object's id.</summary>
    [JsonPropertyName("object_id")]
    public required string ObjectId { get; init; }

    /// <summary>The object's version after the change (the webhook's <c>PayState-Sequence</c>).</summary>
    [JsonPropertyName("sequence")]
    public required long Sequence { get; init; }

    /// <summary>When the change committed.</summary>
    [JsonPropertyName("created_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// The webhook body of the event, as JSON: an order's envelope, a checkout's identification event, a session's
    /// <c>/piv/events</c> body. <see cref="Webhooks.PayStateWebhook.FromEvent"/> reads it as typed.
    /// </summary>
    [JsonPropertyName("payload")]
    public required JsonElement Payload { get; init; }
}
