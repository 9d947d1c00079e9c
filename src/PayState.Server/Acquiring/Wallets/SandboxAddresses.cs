using System.Security.Cryptography;

namespace PayState.Server.Acquiring.Wallets;

/// Well-formed addresses from random bytes. Nobody holds the private keys of these addresses,
/// so anything sent to them is lost: sandbox and tests only, never for real payments.
public static class SandboxAddresses
{
    public static string NextAddress(string network)
    {
        Span<byte> account = stackalloc byte[20];
        RandomNumberGenerator.Fill(account);
        return NetworkAddress.Of(network, account);
    }
}
