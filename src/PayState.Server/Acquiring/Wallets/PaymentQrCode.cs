using QRCoder;

namespace PayState.Server.Acquiring.Wallets;

/// Renders a payment URI as a QR code PNG.
public static class PaymentQrCode
{
    // 5 px per module: a typical EIP-681 URI gives a code around 250-300 px, easy to scan on screen.
    private const int PixelsPerModule = 5;

    /// Plain base64 of the PNG bytes (no data: prefix), ready for JSON.
    public static string ToBase64Png(string uri)
    {
        ArgumentException.ThrowIfNullOrEmpty(uri);
        // PngByteQRCode writes PNG itself, so it works on Linux without System.Drawing/libgdiplus.
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return Convert.ToBase64String(png.GetGraphic(PixelsPerModule));
    }
}
