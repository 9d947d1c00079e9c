using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// A checkout's <c>identification_action</c> event, POSTed to the merchant's <c>events_webhook</c> on every action change
/// (when the merchant's <c>send_action_events_in_identification</c> is on), and the events API's payload of every checkout event.
/// </summary>
public sealed record IdentificationEvent
{
    /// <summary>Always <c>identification_action</c>.</summary>
    [JsonPropertyName("event")]
    public required string Event { get; init; }

    /// <summary>The checkout's new action: one of <see cref="CheckoutActions"/>.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; init; }

    /// <summary>The checkout's uuid.</summary>
    [JsonPropertyName("order_ref")]
    public required string OrderRef { get; init; }

    /// <summary>The merchant's first reference, or null.</summary>
    [JsonPropertyName("order_ref_1")]
    public string? OrderRef1 { get; init; }

    /// <summary>The merchant's second reference, or null.</summary>
    [JsonPropertyName("order_ref_2")]
    public string? OrderRef2 { get; init; }

    /// <summary>
    /// Every other field: the action's own (e.g. <c>return_url</c>, <c>expires_in</c>, <c>session_url</c>), as the wait
    /// endpoint answers them, and the merchant's <c>webhook_params</c>.
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement> Fields { get; set; } = [];
}
