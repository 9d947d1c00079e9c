namespace PayState.Server.Acquiring;

/// The tokens PayState knows, by network and symbol. Contract addresses are the mainnet ones.
public static class TokenTable
{
    public const string Ethereum = "ethereum";
    public const string Tron = "tron";

    public static readonly IReadOnlyList<string> Networks = [Ethereum, Tron];

    public static readonly IReadOnlyList<Token> All =
    [
        new(Ethereum, "USDT", "Tether USD", 6, "0xdAC17F958D2ee523a2206206994597C13D831ec7"),
        new(Ethereum, "USDC", "USD Coin", 6, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
        new(Ethereum, "ETH", "Ether", 18, null),
        new(Tron, "USDT", "Tether USD", 6, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
        new(Tron, "USDC", "USD Coin", 6, "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8"),
        new(Tron, "TRX", "Tronix", 6, null),
    ];

    public static Token? Find(string network, string symbol) =>
        All.FirstOrDefault(t => t.Network == network && t.Symbol == symbol);
}
