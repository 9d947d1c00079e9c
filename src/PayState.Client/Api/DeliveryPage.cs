using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One page of the deliveries API, newest first.</summary>
/// <param name="Data">The deliveries.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null when there is none.</param>
public sealed record DeliveryPage(
    [property: JsonPropertyName("data")] IReadOnlyList<Delivery> Data,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);
