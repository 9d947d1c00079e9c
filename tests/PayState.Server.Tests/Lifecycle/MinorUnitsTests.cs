using System.Numerics;
using PayState.Server.Checkout;
using PayState.Server.Lifecycle;

namespace PayState.Server.Tests.Lifecycle;

/// Amounts in smallest units written in whole units, digit for digit, whatever their size.
public sealed class MinorUnitsTests
{
    [Theory]
    [InlineData("1500000", 6, false, "1.5")]
    [InlineData("300", 6, false, "0.0003")]
    [InlineData("1000000", 6, false, "1")]
    [InlineData("12000", 2, true, "120.00")]
    [InlineData("5", 2, true, "0.05")]
    [InlineData("5", 0, true, "5")]
    [InlineData("-250", 2, true, "-2.50")]
    [InlineData("115792089237316195423570985008687907853269984665640564039457584007913129639935", 18, false,
        "115792089237316195423570985008687907853269984665640564039457.584007913129639935")]
    public void Format_WritesWholeUnitsExactly(string amount, int decimals, bool keepZeros, string expected) =>
        Assert.Equal(expected, MinorUnits.Format(BigInteger.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), decimals, keepZeros));

    [Theory]
    [InlineData("EUR", 2)]
    [InlineData("JPY", 0)]
    [InlineData("KWD", 3)]
    public void CurrencyExponent_FollowsIso4217(string currency, int exponent) => Assert.Equal(exponent, CurrencyExponent.Of(currency));

    [Fact]
    public void Either_JoinsWithOrBeforeTheLast()
    {
        Assert.Equal("A", Alternatives.Either(["A"]));
        Assert.Equal("A or B", Alternatives.Either(["A", "B"]));
        Assert.Equal("A, B or C", Alternatives.Either(["A", "B", "C"]));
    }
}
