using System.Text.Json;
using PayState.Server.Tests.Support;
using QRCoder;

namespace PayState.Server.Tests.Acquiring;

/// wallet_qr encodes this order's payment URI, built here by hand from the answer's own wallet_address,
/// token_address and amount: the PNG the server sent must be the one QRCoder renders for that URI with the
/// server's settings (ECC level M, 5 px a module). No QR decoder package is available, so the test
/// re-encodes instead of decoding; a wrong address, amount, token, chain id or scheme changes the bytes.
public sealed class WalletQrTests() : MerchantTestBase(Backend.Sqlite)
{
    private const int PixelsPerModule = 5;

    [Theory]
    [InlineData("ethereum", "USDT", "300")]
    [InlineData("ethereum", "USDC", "12500000")]
    [InlineData("ethereum", "ETH", "1606938044258990275541962092341162602522202993782792835301376")]
    [InlineData("tron", "USDT", "300")]
    [InlineData("tron", "TRX", "1000000")]
    public async Task Create_AnyToken_WalletQrIsThePngOfThisOrdersPaymentUri(string network, string currency, string amount)
    {
        // Raw JSON: the ETH amount is past 2^63 and must go on the wire as a bare integer.
        using var response = await Merchant.PostAsync("/api/public/v1/acquiring/order",
            $$"""{"amount":{{amount}},"currency":"{{currency}}","network":"{{network}}"}""");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        var order = JsonDocument.Parse(text).RootElement.GetProperty("data");
        var wallet = order.GetProperty("wallet");
        var address = wallet.GetProperty("wallet_address").GetString()!;
        var token = order.GetProperty("currency").GetProperty("token_address").GetString();
        Assert.Equal(amount, order.GetProperty("amount").GetRawText());

        var expectedUri = (network, token) switch
        {
            ("ethereum", null) => $"ethereum:{address}@1?value={amount}",
            ("ethereum", _) => $"ethereum:{token}@1/transfer?address={address}&uint256={amount}",
            ("tron", null) => $"tron:{address}?amount={amount}",
            _ => $"tron:{address}?token={token}&amount={amount}",
        };

        Assert.Equal(Render(expectedUri), Convert.FromBase64String(wallet.GetProperty("wallet_qr").GetString()!));
    }

    [Fact]
    public async Task Create_TwoOrders_EachQrCarriesItsOwnAddress()
    {
        var first = await Merchant.CreateOrderAsync();
        var second = await Merchant.CreateOrderAsync();

        Assert.NotEqual(Qr(first), Qr(second));
        Assert.Equal(Render($"ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address={Address(second)}&uint256=300"), Qr(second));

        static string Address(JsonElement order) => order.GetProperty("wallet").GetProperty("wallet_address").GetString()!;
        static byte[] Qr(JsonElement order) => Convert.FromBase64String(order.GetProperty("wallet").GetProperty("wallet_qr").GetString()!);
    }

    private static byte[] Render(string uri)
    {
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(PixelsPerModule);
    }
}
