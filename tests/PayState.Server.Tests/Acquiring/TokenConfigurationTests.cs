using PayState.Server.Acquiring;

namespace PayState.Server.Tests.Acquiring;

public sealed class TokenConfigurationTests
{
    [Fact]
    public void From_NothingConfigured_TheBuiltInMainnetTable()
    {
        var table = TokenConfiguration.From(new ConfigurationBuilder().Build());

        Assert.Equal(1, table.Network("ethereum")!.ChainId);
        Assert.Equal("0xdAC17F958D2ee523a2206206994597C13D831ec7", table.Find("ethereum", "USDT")!.TokenAddress);
        Assert.NotNull(table.Find("tron", "TRX"));
    }

    [Fact]
    public void From_ANetworksTokensAndChainId_ReplaceItsBuiltInOnes_ContractsChecksummed()
    {
        var table = TokenConfiguration.From(Config(
            ("PAYSTATE_ETHEREUM_CHAIN_ID", "11155111"),
            ("PAYSTATE_ETHEREUM_TOKENS", """[{"symbol":"USDC","name":"USD Coin","decimals":6,"contract":"0x1c7d4b196cb0c7b01d743fbc6116a902379c7238"},{"symbol":"ETH","name":"Sepolia Ether","decimals":18}]""")));

        Assert.Equal(11155111, table.Network("ethereum")!.ChainId);
        Assert.Equal(["USDC", "ETH"], table.Network("ethereum")!.Tokens.Select(t => t.Symbol));
        var contract = table.Find("ethereum", "USDC")!.TokenAddress!;
        Assert.True(PayState.Server.Acquiring.Wallets.Eip55.IsValidChecksumAddress(contract), contract);
        Assert.Equal("0x1c7d4b196cb0c7b01d743fbc6116a902379c7238", contract.ToLowerInvariant());
        Assert.Null(table.Find("ethereum", "USDT"));
        Assert.NotNull(table.Find("tron", "USDT"));
    }

    [Theory]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", "not json", "PAYSTATE_ETHEREUM_TOKENS")]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", "[]", "PAYSTATE_ETHEREUM_TOKENS")]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", """[{"symbol":"X","name":"X","decimals":6,"contract":"0x12"}]""", "PAYSTATE_ETHEREUM_TOKENS[0].contract")]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", """[{"symbol":"X","name":"X","decimals":-1}]""", "PAYSTATE_ETHEREUM_TOKENS[0].decimals")]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", """[{"name":"X","decimals":6}]""", "PAYSTATE_ETHEREUM_TOKENS[0].symbol")]
    [InlineData("PAYSTATE_ETHEREUM_TOKENS", """[{"symbol":"X","name":"X","decimals":6},{"symbol":"X","name":"Y","decimals":6,"contract":"0x1c7d4b196cb0c7b01d743fbc6116a902379c7238"}]""", "X more than once")]
    [InlineData("PAYSTATE_TRON_TOKENS", """[{"symbol":"X","name":"X","decimals":6,"contract":"0x1c7d4b196cb0c7b01d743fbc6116a902379c7238"}]""", "not a Tron address")]
    [InlineData("PAYSTATE_ETHEREUM_CHAIN_ID", "main", "PAYSTATE_ETHEREUM_CHAIN_ID")]
    public void From_Invalid_FailsNamingTheKey(string key, string value, string named)
    {
        var error = Assert.Throws<FormatException>(() => TokenConfiguration.From(Config((key, value))));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
