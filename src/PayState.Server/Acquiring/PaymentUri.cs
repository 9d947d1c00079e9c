using System.Globalization;
using System.Numerics;

namespace PayState.Server.Acquiring;

/// Builds the URI a wallet app scans to prefill a payment. Amounts are in the token's smallest unit.
public static class PaymentUri
{
    public const long MainnetChainId = 1;

    /// chainId is the EVM network's EIP-155 id, which EIP-681 puts after the target.
    public static string For(Token token, string walletAddress, BigInteger amount, long chainId = MainnetChainId)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentException.ThrowIfNullOrEmpty(walletAddress);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);

        // BigInteger "D" prints every digit exactly; never a float or exponent form.
        var digits = amount.ToString("D", CultureInfo.InvariantCulture);
        return token.Network switch
        {
            "ethereum" => token.IsNative
                ? $"ethereum:{walletAddress}@{chainId}?value={digits}"
                : $"ethereum:{token.TokenAddress}@{chainId}/transfer?address={walletAddress}&uint256={digits}",
            // Tron has no EIP-681 equivalent standard; this simple scheme is what Tron wallets
            // commonly accept, and at worst they still read the address from it.
            "tron" => token.IsNative
                ? $"tron:{walletAddress}?amount={digits}"
                : $"tron:{walletAddress}?token={token.TokenAddress}&amount={digits}",
            _ => throw new ArgumentOutOfRangeException(nameof(token), token.Network, "Unsupported network."),
        };
    }
}
