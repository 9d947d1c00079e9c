namespace PayState.Server.Acquiring.Wallets;

/// Hands out a receiving address per payment. A real wallet provider (HD wallet derivation,
/// custody API) implements this so that funds sent to the address can actually be spent.
public interface IWalletAddressSource
{
    ValueTask<string> NextAddressAsync(string network, CancellationToken cancellationToken);
}
