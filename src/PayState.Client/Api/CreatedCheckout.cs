using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>A newly created checkout.</summary>
public sealed record CreatedCheckout
{
    /// <summary>The checkout's uuid (also the shopper's credential for the wait endpoint).</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    /// <summary>Its first action, <see cref="CheckoutActions.ShowIdentificationForm"/>.</summary>
    [JsonPropertyName("action")]
    public required string Action { get; init; }
}
