using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class Base58CheckTests
{
    private const string UsdtTrc20Contract = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    [Fact]
    public void Decode_UsdtTrc20Contract_ReturnsVersionedAccountAndReEncodes()
    {
        var payload = Base58Check.Decode(UsdtTrc20Contract);

        Assert.NotNull(payload);
        Assert.Equal(21, payload.Length);
        Assert.Equal(0x41, payload[0]);
        Assert.Equal("41a614f803b6fd780986a42c78ec9c7f77e6ded13c", Convert.ToHexStringLower(payload));
        Assert.Equal(UsdtTrc20Contract, Base58Check.Encode(payload));
        Assert.True(TronAddress.IsValid(UsdtTrc20Contract));
    }

    [Theory]
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u")] // last char changed
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLJ6t")] // case flip
    [InlineData("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60")] // '0' is not in the alphabet
    [InlineData("")]
    public void Decode_CorruptedText_ReturnsNull(string text)
    {
        Assert.Null(Base58Check.Decode(text));
        Assert.False(TronAddress.IsValid(text));
    }

    [Fact]
    public void Encode_LeadingZeroBytes_KeepsThemAsOnes()
    {
        byte[] payload = [0, 0, 1, 2, 3];

        var text = Base58Check.Encode(payload);

        Assert.StartsWith("11", text, StringComparison.Ordinal);
        Assert.Equal(payload, Base58Check.Decode(text));
    }

    [Fact]
    public void FromAccountBytes_UsdtAccount_ReturnsKnownAddress()
    {
        var account = Convert.FromHexString("a614f803b6fd780986a42c78ec9c7f77e6ded13c");

        Assert.Equal(UsdtTrc20Contract, TronAddress.FromAccountBytes(account));
    }
}
