using System.Globalization;

namespace PayState.Server.Acquiring.Chain;

/// One EVM network PayState watches itself: its JSON-RPC endpoint (which may carry a provider's key, so it is never
/// logged whole), the confirmations a payment needs unless the terminal sets its own, how often the head is polled,
/// and the chain id the node must report.
public sealed record EvmWatch(string Network, Uri Rpc, int Confirmations, TimeSpan PollInterval, long ChainId)
{
    /// The RPC as it may be printed: scheme, host and port, without a path or query that may hold a key.
    public string RpcForDisplay => Rpc.GetLeftPart(UriPartial.Authority);
}

/// The networks with a watcher (PAYSTATE_ETHEREUM_RPC set), from PAYSTATE_ETHEREUM_* keys.
public sealed class ChainOptions(IReadOnlyList<EvmWatch> watched)
{
    public const int DefaultConfirmations = 12;
    public const int MaxConfirmations = 10_000;
    public static readonly TimeSpan DefaultPollInterval = TimeSpan.FromSeconds(4);

    public IReadOnlyList<EvmWatch> Watched => watched;

    public EvmWatch? For(string network) => watched.FirstOrDefault(w => w.Network == network);

    public static ChainOptions From(IConfiguration config, TokenTable tokens)
    {
        const string network = TokenTable.Ethereum;
        if (config["PAYSTATE_ETHEREUM_RPC"] is not { Length: > 0 } rpc) return new ChainOptions([]);
        if (!Uri.TryCreate(rpc.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException("PAYSTATE_ETHEREUM_RPC must be an http(s) URL of an Ethereum JSON-RPC endpoint.");
        return new ChainOptions(
        [
            new EvmWatch(
                network,
                uri,
                Whole(config, "PAYSTATE_ETHEREUM_CONFIRMATIONS", DefaultConfirmations, MaxConfirmations),
                TimeSpan.FromSeconds(Whole(config, "PAYSTATE_ETHEREUM_POLL_INTERVAL", (int)DefaultPollInterval.TotalSeconds, 3600)),
                tokens.Network(network)?.ChainId ?? 1),
        ]);
    }

    private static int Whole(IConfiguration config, string key, int fallback, int max) =>
        config[key] is not { Length: > 0 } text ? fallback
        : int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max ? value
        : throw new FormatException($"{key} must be a whole number from 1 to {max}, not '{text}'.");
}
