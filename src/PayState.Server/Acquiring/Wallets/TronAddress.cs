namespace PayState.Server.Acquiring.Wallets;

/// Tron addresses: version byte 0x41 followed by the 20-byte account id, base58check encoded.
public static class TronAddress
{
    private const byte VersionByte = 0x41;
    private const int AccountLength = 20;
    private const int EncodedLength = 34;

    public static string FromAccountBytes(ReadOnlySpan<byte> account20)
    {
        if (account20.Length != AccountLength)
        {
            throw new ArgumentException("A Tron account id is 20 bytes.", nameof(account20));
        }
        Span<byte> payload = stackalloc byte[AccountLength + 1];
        payload[0] = VersionByte;
        account20.CopyTo(payload[1..]);
        return Base58Check.Encode(payload);
    }

    public static bool IsValid(string address)
    {
        if (address is null || address.Length != EncodedLength || address[0] != 'T')
        {
            return false;
        }
        var payload = Base58Check.Decode(address);
        return payload is { Length: AccountLength + 1 } && payload[0] == VersionByte;
    }
}
