using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Wallets;

/// A receiving address: where it was derived (the child index below the terminal's key; null for a sandbox
/// address), and the confirmations the terminal asks for on that network (null: the network's default).
public sealed record WalletAddress(string Address, long? KeyIndex, int? Confirmations);

/// Hands out a receiving address per order. Funds sent to it must be spendable by the merchant: derived from the
/// merchant's own key (TerminalWalletAddresses), or from a custody provider's API in another implementation.
public interface IWalletAddressSource
{
    ValueTask<WalletAddress> NextAddressAsync(TerminalRecord terminal, string network, CancellationToken cancellationToken);
}
