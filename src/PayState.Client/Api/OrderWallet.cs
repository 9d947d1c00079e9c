using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>Where an order is to be paid.</summary>
/// <param name="WalletAddress">The order's own receiving address.</param>
/// <param name="WalletQr">A base64 PNG of a QR code of the payment URI.</param>
/// <param name="Network">The network, e.g. <c>ethereum</c> or <c>tron</c>.</param>
public sealed record OrderWallet(
    [property: JsonPropertyName("wallet_address")] string WalletAddress,
    [property: JsonPropertyName("wallet_qr")] string WalletQr,
    [property: JsonPropertyName("network")] string Network);
