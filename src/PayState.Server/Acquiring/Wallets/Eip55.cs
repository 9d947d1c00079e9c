using System.Text;

namespace PayState.Server.Acquiring.Wallets;

/// EIP-55 mixed-case checksum for Ethereum addresses: a hex letter is upper case when the
/// matching nibble of keccak256(lower-case hex) is 8 or more.
public static class Eip55
{
    public static string ToChecksumAddress(ReadOnlySpan<byte> address20)
    {
        if (address20.Length != 20)
        {
            throw new ArgumentException("An Ethereum address is 20 bytes.", nameof(address20));
        }
        return "0x" + ApplyChecksum(Convert.ToHexStringLower(address20));
    }

    public static bool IsValidChecksumAddress(string address)
    {
        if (address is null || address.Length != 42 || !address.StartsWith("0x", StringComparison.Ordinal))
        {
            return false;
        }
        var hex = address.AsSpan(2);
        foreach (var ch in hex)
        {
            if (!char.IsAsciiHexDigit(ch))
            {
                return false;
            }
        }
        return ApplyChecksum(hex.ToString().ToLowerInvariant()).AsSpan().SequenceEqual(hex);
    }

    private static string ApplyChecksum(string lowerHex)
    {
        var hash = Keccak256.Hash(Encoding.ASCII.GetBytes(lowerHex));
        var chars = lowerHex.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var nibble = (i % 2 == 0) ? hash[i / 2] >> 4 : hash[i / 2] & 0x0F;
            if (nibble >= 8)
            {
                chars[i] = char.ToUpperInvariant(chars[i]);
            }
        }
        return new string(chars);
    }
}
