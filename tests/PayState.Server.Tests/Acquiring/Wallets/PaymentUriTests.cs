using System.Numerics;
using PayState.Server.Acquiring;
using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class PaymentUriTests
{
    private const string EthWallet = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
    // Tron form of the same 20 account bytes as EthWallet.
    private const string TronWallet = "TJEh7TX8sNj5uq4hXKyYdTrnGmeeG48top";

    private static readonly Token UsdtErc20 = new("ethereum", "USDT", "Tether USD", 6, "0xdAC17F958D2ee523a2206206994597C13D831ec7");
    private static readonly Token Ether = new("ethereum", "ETH", "Ether", 18, null);
    private static readonly Token UsdtTrc20 = new("tron", "USDT", "Tether USD", 6, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t");
    private static readonly Token Trx = new("tron", "TRX", "Tronix", 6, null);

    [Fact]
    public void For_Erc20Token_ReturnsEip681Transfer()
    {
        Assert.Equal(
            "ethereum:0xdAC17F958D2ee523a2206206994597C13D831ec7@1/transfer?address=0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed&uint256=12500000",
            PaymentUri.For(UsdtErc20, EthWallet, new BigInteger(12_500_000)));
    }

    [Fact]
    public void For_NativeEther_ReturnsEip681Value()
    {
        Assert.Equal(
            "ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1?value=1000000000000000000",
            PaymentUri.For(Ether, EthWallet, BigInteger.Pow(10, 18)));
    }

    [Fact]
    public void For_TronToken_ReturnsTronUriWithToken()
    {
        Assert.Equal(
            "tron:TJEh7TX8sNj5uq4hXKyYdTrnGmeeG48top?token=TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t&amount=12500000",
            PaymentUri.For(UsdtTrc20, TronWallet, new BigInteger(12_500_000)));
    }

    [Fact]
    public void For_NativeTrx_ReturnsTronUriWithAmount()
    {
        Assert.Equal("tron:TJEh7TX8sNj5uq4hXKyYdTrnGmeeG48top?amount=5000000", PaymentUri.For(Trx, TronWallet, new BigInteger(5_000_000)));
    }

    [Fact]
    public void For_AmountBeyond64Bits_WritesEveryDigit()
    {
        Assert.Equal(
            "ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1?value=1000000000000000000000000000000",
            PaymentUri.For(Ether, EthWallet, BigInteger.Pow(10, 30)));
    }

    [Fact]
    public void TestData_WalletAddresses_AreValid()
    {
        Assert.True(Eip55.IsValidChecksumAddress(EthWallet));
        Assert.True(TronAddress.IsValid(TronWallet));
    }

    [Fact]
    public void For_UnknownNetwork_Throws()
    {
        var token = new Token("bitcoin", "BTC", "Bitcoin", 8, null);

        Assert.Throws<ArgumentOutOfRangeException>(() => PaymentUri.For(token, "bc1qxyz", BigInteger.One));
    }
}
