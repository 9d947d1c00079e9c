using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Tests.Acquiring.Wallets;

public sealed class SandboxWalletAddressSourceTests
{
    [Fact]
    public async Task NextAddressAsync_Ethereum_ReturnsDistinctValidAddresses()
    {
        var source = new SandboxWalletAddressSource();
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < 100; i++)
        {
            var address = await source.NextAddressAsync("ethereum", CancellationToken.None);
            Assert.True(Eip55.IsValidChecksumAddress(address), address);
            Assert.True(addresses.Add(address), address);
        }
    }

    [Fact]
    public async Task NextAddressAsync_Tron_ReturnsDistinctValidAddresses()
    {
        var source = new SandboxWalletAddressSource();
        var addresses = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 100; i++)
        {
            var address = await source.NextAddressAsync("tron", CancellationToken.None);
            Assert.StartsWith("T", address, StringComparison.Ordinal);
            Assert.Equal(34, address.Length);
            Assert.True(TronAddress.IsValid(address), address);
            Assert.True(addresses.Add(address), address);
        }
    }

    [Theory]
    [InlineData("bitcoin")]
    [InlineData("Ethereum")]
    [InlineData("")]
    public async Task NextAddressAsync_UnknownNetwork_Throws(string network)
    {
        var source = new SandboxWalletAddressSource();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            async () => await source.NextAddressAsync(network, CancellationToken.None));
    }
}
