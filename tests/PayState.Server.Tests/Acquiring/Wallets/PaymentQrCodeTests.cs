using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class PaymentQrCodeTests
{
    [Fact]
    public void ToBase64Png_PaymentUri_ReturnsPngBytes()
    {
        var base64 = PaymentQrCode.ToBase64Png(
            "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=12500000");

        var bytes = Convert.FromBase64String(base64);

        byte[] pngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal(pngSignature, bytes[..8]);
    }
}
