using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One page of the deliveries API, newest first.</summary>
public sealed record DeliveryPage
{
    /// <summary>The deliveries.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<Delivery> Data { get; init; }

    /// <summary>Pass as <c>cursor</c> for the next page; null when there is none.</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }
}
