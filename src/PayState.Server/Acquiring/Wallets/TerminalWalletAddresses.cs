using System.Collections.Concurrent;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Wallets;

/// Addresses derived from the terminal's extended public key on the order's network: order n of a key gets the
/// child at 0/n, the index taken from a counter in the database, so no index is handed out twice across restarts
/// and processes. Without a key, the sandbox makes an address up; production refuses the order.
public sealed class TerminalWalletAddresses(IStore store, bool sandbox) : IWalletAddressSource
{
    // Parsing a key derives its receiving chain (an elliptic-curve step); keys are few and never change.
    private readonly ConcurrentDictionary<string, AccountPublicKey> _keys = new(StringComparer.Ordinal);

    public async ValueTask<WalletAddress> NextAddressAsync(TerminalRecord terminal, string network, CancellationToken cancellationToken)
    {
        var wallet = await store.Chain.FindTerminalWalletAsync(terminal.Id, network, cancellationToken).ConfigureAwait(false);
        if (wallet?.Xpub is not { } xpub)
        {
            if (!sandbox) throw NotConfigured(terminal.Id, network);
            return new WalletAddress(SandboxAddresses.NextAddress(network), null, wallet?.Confirmations);
        }
        var index = await store.WriteAsync(tx => tx.Chain.TakeAddressIndex(network, xpub), cancellationToken).ConfigureAwait(false);
        // Non-hardened children only go up to 2^31 - 1: four billion orders on one key.
        if (index > int.MaxValue) throw new ApiException(409, "wallet_exhausted", $"The {network} key of terminal {terminal.Id} has handed out every address; set a new one.");
        var key = _keys.GetOrAdd(xpub, text => AccountPublicKey.Parse(text, out _) ?? throw new InvalidOperationException($"A stored {network} key does not parse."));
        return new WalletAddress(NetworkAddress.Of(network, key.AccountBytes((uint)index)), index, wallet.Confirmations);
    }

    private static ApiException NotConfigured(string terminalId, string network) => new(
        409, "wallet_not_configured",
        $"Terminal {terminalId} has no extended public key for {network}, and PayState never hands out an address whose key nobody holds. " +
        $"Set the account key of the merchant's {network} wallet with PATCH /admin/v1/terminals/{terminalId} " +
        $"{{\"wallets\":{{\"{network}\":{{\"xpub\":\"xpub...\"}}}}}}, then create the order again.");
}
