using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PayState.Server.Acquiring;
using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring;

/// An order's stored form leaves its QR code out and renders it again when answered: exactly, for every token, and only
/// where it can.
public sealed class StoredOrderTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    // The PNGs QRCoder 1.8.1 makes on .NET 10 (ECC level M, 5 px a module). Stored orders are answered with QR codes
    // rendered again, so these bytes are part of the stored format: a QRCoder or runtime (zlib) upgrade that changes
    // them would change what every stored order answers, and must come with a migration that renders them first.
    [Theory]
    [InlineData("ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=12500000",
        "AFB8A723E09C3527D6CD37EB7473E3E55521713BFFB183037C67D2306B034D35")]
    [InlineData("ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1?value=1606938044258990275541962092341162602522202993782792835301376",
        "DED687D199C9DAD1ECFCF6A8B00EDDEAC8D38AD5D8451FA67F7DFEFD8F36C960")]
    [InlineData("tron:TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW?token=TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t&amount=300",
        "56C77157577451AB466A3FFDF1E5DF87EF9E515207657B9AB0516A18EE6FE5DE")]
    public void ToBase64Png_SameUri_IsTheSamePngAsEver(string uri, string sha256)
    {
        var first = PaymentQrCode.ToBase64Png(uri);

        Assert.Equal(sha256, Convert.ToHexString(SHA256.HashData(Convert.FromBase64String(first))));
        Assert.Equal(first, PaymentQrCode.ToBase64Png(uri));
        Assert.Equal(first, Encoding.UTF8.GetString(PaymentQrCache.For(uri)));
    }

    public static TheoryData<string, string> Tokens()
    {
        var tokens = new TheoryData<string, string>();
        foreach (var token in TokenTable.BuiltIn.All) tokens.Add(token.Network, token.Symbol);
        return tokens;
    }

    [Theory]
    [MemberData(nameof(Tokens))]
    public void Compact_ThenExpand_GivesBackTheDocumentByteForByte(string network, string symbol)
    {
        var document = Document(TokenTable.BuiltIn.Find(network, symbol)!, """{"wallet_qr":"in the merchant's data","n":[1]}""");

        var stored = StoredOrder.Compact(document, TokenTable.BuiltIn);

        Assert.Equal("", Wallet(stored).GetProperty("wallet_qr").GetString());
        Assert.True(stored.Length < document.Length - 500, $"{stored.Length} bytes stored of {document.Length}");
        Assert.Equal(document, StoredOrder.Expand(stored));
        Assert.Equal(stored, StoredOrder.Compact(stored, TokenTable.BuiltIn));
        Assert.Equal(document, StoredOrder.Expand(document));
    }

    [Fact]
    public void Compact_ANetworkTheUriBuilderDoesNotKnow_KeepsTheQrCode()
    {
        var document = Document(new Token("bitcoin", "BTC", "Bitcoin", 8, null), null);

        Assert.Same(document, StoredOrder.Compact(document, TokenTable.BuiltIn));
    }

    [Theory]
    [InlineData("ethereum", "USDT", false)]
    [InlineData("ethereum", "ETH", false)]
    [InlineData("tron", "USDT", true)]
    public void Compact_ANetworkConfiguredWithAnotherChainId_KeepsTheQrCodesThatNameIt(string network, string symbol, bool compacted)
    {
        var local = TokenTable.BuiltIn.With(TokenTable.Ethereum, 31337, null).With(TokenTable.Tron, 2494104990, null);
        var document = Document(TokenTable.BuiltIn.Find(network, symbol)!, null, chainId: 31337);

        var stored = StoredOrder.Compact(document, local);

        Assert.Equal(compacted, stored.Length < document.Length);
        Assert.Equal(document, StoredOrder.Expand(stored));
    }

    private static JsonElement Wallet(byte[] document) =>
        JsonDocument.Parse(document).RootElement.GetProperty("data").GetProperty("wallet");

    private static byte[] Document(Token token, string? externalData, long chainId = PaymentUri.MainnetChainId)
    {
        const string address = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        var amount = System.Numerics.BigInteger.Parse("1606938044258990275541962092341162602522202993782792835301376", System.Globalization.CultureInfo.InvariantCulture);
        var qr = token.Network is "ethereum" or "tron" ? PaymentQrCode.ToBase64Png(PaymentUri.For(token, address, amount, chainId)) : "iVBORw0KGgo=";
        return AcquiringOrderJson.WriteDocument(new Order
        {
            Uuid = "8c1b2f8e-0000-4000-8000-000000000001",
            TerminalUuid = "t-1",
            Amount = amount,
            Currency = token,
            WalletAddress = address,
            WalletQr = qr,
            ExternalOrderId = "o-1",
            ExternalClientId = null,
            ExternalData = externalData is null ? null : JsonElement.Parse(externalData),
            Status = OrderStatus.Pending,
            WebhookUrl = "https://shop.example/hook",
            IsTest = false,
            CreatedAt = CreatedAt,
            TransactionEndAt = null,
            ExpiredAt = CreatedAt.AddMinutes(30),
        });
    }
}
