using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// The seeds' timestamp: UTC, six fractional digits, a Z.
public sealed class WireTimeTests
{
    [Fact]
    public void Write_AnyOffset_IsUtcWithSixDigits()
    {
        var value = new DateTimeOffset(2026, 3, 1, 14, 5, 6, TimeSpan.FromHours(2)).AddTicks(1234567);

        Assert.Equal("2026-03-01T12:05:06.123456Z", WireTime.Write(value));
    }

    [Fact]
    public void Read_WhatWriteWrote_IsTheSameInstant()
    {
        var value = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(10);

        var read = WireTime.Read(WireTime.Write(value));

        Assert.Equal(value, read);
        Assert.Equal(TimeSpan.Zero, read.Offset);
    }

    [Theory]
    [InlineData("2026-01-01T12:00:00Z")]
    [InlineData("2026-01-01T12:00:00.000000+02:00")]
    [InlineData("2026-01-01 12:00:00.000000Z")]
    public void Read_AnotherFormat_Throws(string text) => Assert.Throws<FormatException>(() => WireTime.Read(text));
}
