using System.Numerics;
using System.Text;
using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// The strict request reader: every problem is a 400 that names the field, raised before a handler does anything.
public sealed class JsonRequestTests
{
    private static JsonRequest Parse(string json, params string[] fields) => JsonRequest.Parse(Encoding.UTF8.GetBytes(json), fields);

    private static ApiException Refusal(Action read) => Assert.Throws<ApiException>(read);

    [Theory]
    [InlineData("", "invalid_json", "empty")]
    [InlineData("{\"a\":", "invalid_json", "not valid JSON")]
    [InlineData("[1,2]", "invalid_json", "must be a JSON object")]
    [InlineData("\"text\"", "invalid_json", "must be a JSON object")]
    public void Parse_NotAJsonObject_RefusedAsInvalidJson(string body, string code, string message)
    {
        var refusal = Refusal(() => Parse(body, "a"));

        Assert.Equal(400, refusal.StatusCode);
        Assert.Equal(code, refusal.Code);
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestedDeeperThan32_RefusedAsInvalidJson()
    {
        var deep = "{\"a\":" + string.Concat(Enumerable.Repeat("[", 40)) + string.Concat(Enumerable.Repeat("]", 40)) + "}";

        Assert.Equal("invalid_json", Refusal(() => Parse(deep, "a")).Code);
    }

    [Fact]
    public void Parse_UnknownField_NamesItAndTheKnownOnes()
    {
        var refusal = Refusal(() => Parse("""{"amount":1,"amuont":2}""", "amount", "currency"));

        Assert.Equal("invalid_request", refusal.Code);
        Assert.Equal("amuont", refusal.Field);
        Assert.Equal("amuont: is not a known field; expected amount, currency.", refusal.Message);
    }

    [Fact]
    public void Parse_DuplicateField_Refused()
    {
        var refusal = Refusal(() => Parse("""{"amount":1,"amount":2}""", "amount"));

        Assert.Equal("amount", refusal.Field);
        Assert.Contains("more than once", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StringThatIsNotText_RefusedNamingTheField()
    {
        var refusal = Refusal(() => Parse("""{"name":"a\u0000b"}""", "name"));

        Assert.Equal("name", refusal.Field);
        Assert.Contains("NUL", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Strings_AbsentNullWrongTypeOrTooLong_AnsweredOrRefusedByName()
    {
        using var request = Parse("""{"a":"x","b":null,"c":5,"d":"abcdef"}""", "a", "b", "c", "d", "e");

        Assert.Equal("x", request.RequiredString("a"));
        Assert.Null(request.OptionalString("b"));
        Assert.Null(request.OptionalString("e"));
        Assert.Equal("e: is required.", Refusal(() => request.RequiredString("e")).Message);
        Assert.Equal("c: must be a string, not a number.", Refusal(() => request.OptionalString("c")).Message);
        Assert.Equal("d: is 6 characters long; at most 5 are allowed.", Refusal(() => request.OptionalString("d", maxLength: 5)).Message);
        Assert.True(request.Has("b"));
        Assert.False(request.Has("e"));
    }

    [Fact]
    public void OptionalBool_OnlyTrueOrFalse()
    {
        using var request = Parse("""{"yes":true,"no":false,"text":"true"}""", "yes", "no", "text");

        Assert.True(request.OptionalBool("yes"));
        Assert.False(request.OptionalBool("no"));
        Assert.Equal("text: must be true or false, not a string.", Refusal(() => request.OptionalBool("text")).Message);
    }

    [Theory]
    [InlineData("10", 10L, null)]
    [InlineData("0", null, "n: must be between 1 and 100; got 0.")]
    [InlineData("101", null, "n: must be between 1 and 100; got 101.")]
    [InlineData("1.5", null, "n: must be a whole number, not a number.")]
    [InlineData("\"7\"", null, "n: must be a whole number, not a string.")]
    [InlineData("1e2", null, "n: must be a whole number, not a number.")]
    public void OptionalInteger_InRangeOrRefused(string json, long? expected, string? message)
    {
        using var request = Parse($$"""{"n":{{json}}}""", "n");

        if (message is null) Assert.Equal(expected, request.OptionalInteger("n", 1, 100));
        else Assert.Equal(message, Refusal(() => request.OptionalInteger("n", 1, 100)).Message);
    }

    [Fact]
    public void RequiredAmount_BeyondSixtyFourBits_ReadWithoutRounding()
    {
        const string Huge = "123456789012345678901234567890123456789";
        using var request = Parse($$"""{"amount":{{Huge}}}""", "amount");

        Assert.Equal(BigInteger.Parse(Huge, System.Globalization.CultureInfo.InvariantCulture), request.RequiredAmount("amount"));
    }

    [Theory]
    [InlineData("-5", "must not be negative")]
    [InlineData("0", "must be greater than zero")]
    [InlineData("1.0", "has a fraction or exponent")]
    [InlineData("1e3", "has a fraction or exponent")]
    [InlineData("\"5\"", "not a string")]
    [InlineData("null", "is required")]
    [InlineData("12345", "more than 4 digits")]
    public void RequiredAmount_NotAPositiveWholeNumber_Refused(string json, string message)
    {
        using var request = Parse($$"""{"amount":{{json}}}""", "amount");

        var refusal = Refusal(() => request.RequiredAmount("amount", maxDigits: 4));

        Assert.Equal("amount", refusal.Field);
        Assert.Contains(message, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionalRawObject_KeepsTheTextAsSent()
    {
        const string Sent = """{ "b" : "\u00e9" ,"a":[1, 2.50]}""";
        using var request = Parse($$"""{"data":{{Sent}},"list":[1]}""", "data", "list");

        Assert.Equal(Sent, request.OptionalRawObject("data", 1024));
        Assert.Equal("list: must be a JSON object, not an array.", Refusal(() => request.OptionalRawObject("list", 1024)).Message);
        Assert.Contains("at most 0 KiB", Refusal(() => request.OptionalRawObject("data", 10)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionalStringMap_StringValuesOnlyAndBounded()
    {
        using var request = Parse("""{"ok":{"a":"1","b":"2"},"num":{"a":1},"many":{"a":"1","b":"2","c":"3"}}""", "ok", "num", "many");

        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" }, request.OptionalStringMap("ok", 2));
        Assert.Equal("num.a", Refusal(() => request.OptionalStringMap("num", 2)).Field);
        Assert.Equal("many: has 3 entries; at most 2 are allowed.", Refusal(() => request.OptionalStringMap("many", 2)).Message);
    }
}
