namespace PayState.Server.Acquiring.Wallets;

/// A network's address text for a 20-byte account id: EIP-55 on Ethereum, base58check after 0x41 on Tron.
public static class NetworkAddress
{
    public const string Ethereum = "ethereum";
    public const string Tron = "tron";

    public static string Of(string network, ReadOnlySpan<byte> account20) => network switch
    {
        Ethereum => Eip55.ToChecksumAddress(account20),
        Tron => TronAddress.FromAccountBytes(account20),
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, "Unsupported network."),
    };
}
