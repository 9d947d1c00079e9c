using System.Globalization;
using System.Numerics;

namespace PayState.Server.Acquiring.Chain;

/// JSON-RPC quantities: 0x-prefixed hex without leading zeros. Token amounts can exceed 64 bits.
public static class HexQuantity
{
    public static string Of(long value) => "0x" + value.ToString("x", CultureInfo.InvariantCulture);

    public static string Of(BigInteger value) =>
        value.IsZero ? "0x0" : "0x" + value.ToString("x", CultureInfo.InvariantCulture).TrimStart('0');

    public static long ToLong(string hex) => (long)ToBigInteger(hex);

    /// Hex digits as an unsigned number (a 32-byte word of log data too).
    public static BigInteger ToBigInteger(string hex)
    {
        var digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length == 0) return BigInteger.Zero;
        return BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    /// A 20-byte address as the 32-byte topic an indexed address parameter is logged as.
    public static string AddressTopic(string address) => "0x" + new string('0', 24) + address[2..].ToLowerInvariant();

    /// The address in the last 20 bytes of a 32-byte topic.
    public static string TopicAddress(string topic) => "0x" + topic[^40..].ToLowerInvariant();
}
