using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class Eip55Tests
{
    // Examples from the EIP-55 specification (all caps, all lower, mixed case).
    [Theory]
    [InlineData("0x52908400098527886E0F7030069857D2E4169EE7")]
    [InlineData("0x8617E340B3D01FA5F11F306F4090FD50E238070D")]
    [InlineData("0xde709f2102306220921060314715629080e2fb77")]
    [InlineData("0x27b1fdb04752bbc536007a920d24acb045561c26")]
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")]
    [InlineData("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359")]
    [InlineData("0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB")]
    [InlineData("0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")]
    public void ToChecksumAddress_SpecExample_RoundTrips(string address)
    {
        var bytes = Convert.FromHexString(address[2..]);

        Assert.Equal(address, Eip55.ToChecksumAddress(bytes));
        Assert.True(Eip55.IsValidChecksumAddress(address));
    }

    [Fact]
    public void IsValidChecksumAddress_UsdtContract_ReturnsTrue()
    {
        Assert.True(Eip55.IsValidChecksumAddress("0xdAC17F958D2ee523a2206206994597C13D831ec7"));
    }

    [Theory]
    [InlineData("0xDAC17F958D2ee523a2206206994597C13D831ec7")] // 'd' flipped to 'D'
    [InlineData("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD")] // last 'd' flipped to 'D'
    [InlineData("0xdAC17F958D2ee523a2206206994597C13D831ec")] // too short
    [InlineData("dAC17F958D2ee523a2206206994597C13D831ec7aa")] // no 0x prefix
    [InlineData("0xgAC17F958D2ee523a2206206994597C13D831ec7")] // not hex
    [InlineData("")]
    public void IsValidChecksumAddress_BadAddress_ReturnsFalse(string address)
    {
        Assert.False(Eip55.IsValidChecksumAddress(address));
    }
}
