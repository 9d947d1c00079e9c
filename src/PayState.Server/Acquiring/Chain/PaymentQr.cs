using System.Text.Json;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// The QR code an order's status answer carries (wallet.wallet_qr, a base64 PNG), with the address it pays, so
/// its dashboard panel can draw it as an image rather than show its base64.
public sealed record PaymentQr(string WalletAddress, byte[] Png)
{
    /// The order's QR code, read from its document as answered (the stored one leaves the QR out).
    public static PaymentQr? Of(PayObject order) => From(StoredOrder.Expand(System.Text.Encoding.UTF8.GetBytes(order.Data)));

    private static PaymentQr? From(byte[] statusAnswer)
    {
        try
        {
            using var document = JsonDocument.Parse(statusAnswer);
            var root = document.RootElement;
            var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) ? d : root;
            if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty("wallet", out var wallet) || wallet.ValueKind != JsonValueKind.Object
                || !wallet.TryGetProperty("wallet_qr", out var qr) || qr.ValueKind != JsonValueKind.String)
                return null;
            var address = wallet.TryGetProperty("wallet_address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : "";
            return new PaymentQr(address, Convert.FromBase64String(qr.GetString()!));
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }
}
