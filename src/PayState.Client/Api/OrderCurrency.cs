using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>An order's token.</summary>
public sealed record OrderCurrency
{
    /// <summary>The token's contract address; null for a network's native coin.</summary>
    [JsonPropertyName("token_address")]
    public string? TokenAddress { get; init; }

    /// <summary>The token's name, e.g. <c>Tether USD</c>.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The token's symbol, e.g. <c>USDT</c>.</summary>
    [JsonPropertyName("symbol")]
    public required string Symbol { get; init; }

    /// <summary>How many decimals the smallest unit has.</summary>
    [JsonPropertyName("decimals")]
    public required int Decimals { get; init; }
}
