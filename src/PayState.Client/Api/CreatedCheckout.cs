using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>A newly created checkout.</summary>
/// <param name="Uuid">The checkout's uuid (also the shopper's credential for the wait endpoint).</param>
/// <param name="Action">Its first action, <c>show_identification_form</c>.</param>
public sealed record CreatedCheckout(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("action")] string Action);
