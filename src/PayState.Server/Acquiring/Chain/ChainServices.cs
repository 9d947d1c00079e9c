using PayState.Server.Acquiring.Wallets;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

public static class ChainServices
{
    public const string HttpClientName = "chain-rpc";
    private static readonly TimeSpan RpcTimeout = TimeSpan.FromSeconds(30);

    /// Tokens and networks from configuration, wallet addresses from the terminals' keys, and a watcher per network
    /// with an RPC.
    public static IServiceCollection AddAcquiringChain(this IServiceCollection services, IConfiguration config, bool sandbox)
    {
        var (tokens, chain) = Read(config);
        services.AddSingleton(tokens);
        services.AddSingleton(chain);
        services.AddSingleton<IWalletAddressSource>(sp => new TerminalWalletAddresses(sp.GetRequiredService<IStore>(), sandbox));
        services.AddSingleton<AcquiringOrders>();
        services.AddSingleton<ChainMoves>();
        services.AddSingleton<ChainMetrics>();
        services.AddSingleton<ChainStatus>();
        services.AddHttpClient(HttpClientName, c => c.Timeout = RpcTimeout);
        // One process's watchers share an owner name: the lease tells processes apart, not networks.
        var owner = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
        foreach (var watch in chain.Watched)
        {
            var status = new WatcherStatus(watch.Network);
            services.AddSingleton(status);
            services.AddSingleton(sp => Watcher(sp, watch, tokens, status, owner));
            services.AddHostedService(sp => sp.GetServices<ChainWatcher>().Single(w => w.Status == status));
        }
        return services;
    }

    /// A bad token table or watcher setting is a configuration error: one line naming the key, exit 1.
    private static (TokenTable Tokens, ChainOptions Chain) Read(IConfiguration config)
    {
        try
        {
            var tokens = TokenConfiguration.From(config);
            return (tokens, ChainOptions.From(config, tokens));
        }
        catch (FormatException e)
        {
            throw new ConfigurationException(e.Message, e);
        }
    }

    public static EthereumRpc Rpc(IServiceProvider sp, EvmWatch watch) =>
        new(sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), watch.Rpc);

    private static ChainWatcher Watcher(IServiceProvider sp, EvmWatch watch, TokenTable tokens, WatcherStatus status, string owner)
    {
        var store = sp.GetRequiredService<IStore>();
        var rpc = Rpc(sp, watch);
        var log = sp.GetRequiredService<ILoggerFactory>().CreateLogger<ChainWatcher>();
        var clock = sp.GetRequiredService<TimeProvider>();
        var rewind = new ChainRewind(watch, store, rpc, status, sp.GetRequiredService<ChainMetrics>(), owner, log);
        var contracts = tokens.Network(watch.Network)!.Tokens.Where(t => t.TokenAddress is not null).Select(t => EvmAddress.Lower(t.TokenAddress!)).ToList();
        var scanner = new ChainScanner(watch, contracts, store, rpc, rewind, sp.GetRequiredService<ChainMoves>(), status, owner, log);
        return new ChainWatcher(scanner, watch, status, clock, log);
    }
}
