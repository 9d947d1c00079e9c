using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One page of the events API.</summary>
public sealed record EventPage
{
    /// <summary>The events, in commit order.</summary>
    [JsonPropertyName("data")]
    public required IReadOnlyList<Event> Data { get; init; }

    /// <summary>Pass as <c>after</c> for the next page; points past this page even when it is empty (null only before any event).</summary>
    [JsonPropertyName("next_cursor")]
    public string? NextCursor { get; init; }
}
