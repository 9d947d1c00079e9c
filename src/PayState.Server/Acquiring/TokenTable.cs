using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Acquiring;

/// A network PayState takes orders on: its EIP-155 chain id (EVM networks) and the tokens it is paid in there.
public sealed record TokenNetwork(string Network, long? ChainId, IReadOnlyList<Token> Tokens);

/// The tokens PayState knows, by network and symbol: the built-in mainnet table, or what the operator configured
/// for a network (a testnet, a local chain) in its place.
public sealed class TokenTable
{
    public const string Ethereum = NetworkAddress.Ethereum;
    public const string Tron = NetworkAddress.Tron;

    /// Mainnet contracts.
    public static readonly TokenTable BuiltIn = new(
    [
        new(Ethereum, 1,
        [
            new(Ethereum, "USDT", "Tether USD", 6, "0xdAC17F958D2ee523a2206206994597C13D831ec7"),
            new(Ethereum, "USDC", "USD Coin", 6, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"),
            new(Ethereum, "ETH", "Ether", 18, null),
        ]),
        new(Tron, null,
        [
            new(Tron, "USDT", "Tether USD", 6, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"),
            new(Tron, "USDC", "USD Coin", 6, "TEkxiTehnzSmSe2XqrBj4w32RUN966rdz8"),
            new(Tron, "TRX", "Tronix", 6, null),
        ]),
    ]);

    private readonly IReadOnlyList<TokenNetwork> _networks;

    public TokenTable(IReadOnlyList<TokenNetwork> networks) => _networks = networks;

    public IReadOnlyList<string> Networks => [.. _networks.Select(n => n.Network)];

    public IReadOnlyList<Token> All => [.. _networks.SelectMany(n => n.Tokens)];

    public TokenNetwork? Network(string network) => _networks.FirstOrDefault(n => n.Network == network);

    public Token? Find(string network, string symbol) => Network(network)?.Tokens.FirstOrDefault(t => t.Symbol == symbol);

    /// This table with one network's chain id and tokens replaced (each when given).
    public TokenTable With(string network, long? chainId, IReadOnlyList<Token>? tokens) =>
        new([.. _networks.Select(n => n.Network != network ? n : new TokenNetwork(n.Network, chainId ?? n.ChainId, tokens ?? n.Tokens))]);
}
