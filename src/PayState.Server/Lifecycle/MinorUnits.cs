using System.Globalization;
using System.Numerics;

namespace PayState.Server.Lifecycle;

/// An amount in smallest units written in whole units, exactly (no floating point): 1500000 with 6 decimals is
/// "1.5", or "1.500000" when the zeros are kept.
public static class MinorUnits
{
    public static string Format(BigInteger amount, int decimals, bool keepZeros)
    {
        var digits = BigInteger.Abs(amount).ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var whole = digits[..^decimals];
        var fraction = decimals == 0 ? "" : digits[^decimals..];
        if (!keepZeros) fraction = fraction.TrimEnd('0');
        return (amount.Sign < 0 ? "-" : "") + (fraction.Length == 0 ? whole : $"{whole}.{fraction}");
    }
}
