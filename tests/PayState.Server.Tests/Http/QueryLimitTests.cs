using PayState.Server.Http;
using Microsoft.Extensions.Primitives;

namespace PayState.Server.Tests.Http;

/// ?limit=: a whole number from 1 to the list's maximum, or the list's default when absent.
public sealed class QueryLimitTests
{
    private static int Read(string? limit) =>
        QueryLimit.Read(new QueryCollection(limit is null ? [] : new Dictionary<string, StringValues> { ["limit"] = limit }), fallback: 50, max: 200);

    [Theory]
    [InlineData(null, 50)]
    [InlineData("1", 1)]
    [InlineData("200", 200)]
    [InlineData("007", 7)]
    public void Read_AbsentOrInRange_Answers(string? limit, int expected) => Assert.Equal(expected, Read(limit));

    [Theory]
    [InlineData("0")]
    [InlineData("201")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Read_OutOfRangeOrNotAWholeNumber_RefusedNamingLimit(string limit)
    {
        var refusal = Assert.Throws<ApiException>(() => Read(limit));

        Assert.Equal(400, refusal.StatusCode);
        Assert.Equal("limit", refusal.Field);
        Assert.Equal("limit: must be a whole number from 1 to 200.", refusal.Message);
    }
}
