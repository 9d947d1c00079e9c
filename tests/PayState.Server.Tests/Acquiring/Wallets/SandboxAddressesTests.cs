using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class SandboxAddressesTests
{
    [Fact]
    public void NextAddress_Ethereum_ReturnsDistinctValidAddresses()
    {
        var addresses = Enumerable.Range(0, 100).Select(_ => SandboxAddresses.NextAddress("ethereum")).ToList();

        Assert.All(addresses, a => Assert.True(Eip55.IsValidChecksumAddress(a), a));
        Assert.Equal(100, addresses.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void NextAddress_Tron_ReturnsDistinctValidAddresses()
    {
        var addresses = Enumerable.Range(0, 100).Select(_ => SandboxAddresses.NextAddress("tron")).ToList();

        Assert.All(addresses, a => Assert.True(TronAddress.IsValid(a), a));
        Assert.Equal(100, addresses.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("bitcoin")]
    [InlineData("Ethereum")]
    [InlineData("")]
    public void NextAddress_UnknownNetwork_Throws(string network) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SandboxAddresses.NextAddress(network));
}
