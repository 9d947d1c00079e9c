using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>One page of the events API.</summary>
/// <param name="Data">The events, in commit order.</param>
/// <param name="NextCursor">Pass as <c>after</c> for the next page; points past this page even when it is empty (null only before any event).</param>
public sealed record EventPage(
    [property: JsonPropertyName("data")] IReadOnlyList<Event> Data,
    [property: JsonPropertyName("next_cursor")] string? NextCursor);
