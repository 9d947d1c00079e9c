using System.Security.Cryptography;

namespace PayState.Server.Acquiring.Wallets;

/// Well-formed addresses from random bytes. Nobody holds the private keys of these addresses,
/// so anything sent to them is lost: use only in sandbox and tests, never for real payments.
public sealed class SandboxWalletAddressSource : IWalletAddressSource
{
    public ValueTask<string> NextAddressAsync(string network, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Span<byte> account = stackalloc byte[20];
        RandomNumberGenerator.Fill(account);
        var address = network switch
        {
            "ethereum" => Eip55.ToChecksumAddress(account),
            "tron" => TronAddress.FromAccountBytes(account),
            _ => throw new ArgumentOutOfRangeException(nameof(network), network, "Unsupported network."),
        };
        return ValueTask.FromResult(address);
    }
}
