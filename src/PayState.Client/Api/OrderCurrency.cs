using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>An order's token.</summary>
/// <param name="TokenAddress">The token's contract address; null for a network's native coin.</param>
/// <param name="Name">The token's name, e.g. <c>Tether USD</c>.</param>
/// <param name="Symbol">The token's symbol, e.g. <c>USDT</c>.</param>
/// <param name="Decimals">How many decimals the smallest unit has.</param>
public sealed record OrderCurrency(
    [property: JsonPropertyName("token_address")] string? TokenAddress,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("decimals")] int Decimals);
