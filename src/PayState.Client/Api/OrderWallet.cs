using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>Where an order is to be paid.</summary>
public sealed record OrderWallet
{
    /// <summary>The order's own receiving address.</summary>
    [JsonPropertyName("wallet_address")]
    public required string WalletAddress { get; init; }

    /// <summary>A base64 PNG of a QR code of the payment URI.</summary>
    [JsonPropertyName("wallet_qr")]
    public required string WalletQr { get; init; }

    /// <summary>The network, e.g. <c>ethereum</c> or <c>tron</c>.</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }
}
