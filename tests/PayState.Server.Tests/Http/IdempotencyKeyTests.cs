using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// The Idempotency-Key header: optional, at most 255 characters, bound to the body by its SHA-256.
public sealed class IdempotencyKeyTests
{
    private static DefaultHttpContext With(string? key)
    {
        var context = new DefaultHttpContext();
        if (key is not null) context.Request.Headers[IdempotencyKey.Header] = key;
        return context;
    }

    [Fact]
    public void From_NoHeaderOrEmpty_Null()
    {
        Assert.Null(IdempotencyKey.From(With(null)));
        Assert.Null(IdempotencyKey.From(With("")));
    }

    [Fact]
    public void From_AtTheLimit_TheKey()
    {
        var key = new string('k', JsonRequest.MaxStringLength);

        Assert.Equal(key, IdempotencyKey.From(With(key)));
    }

    [Fact]
    public void From_OverTheLimit_400NamingTheHeader()
    {
        var refusal = Assert.Throws<ApiException>(() => IdempotencyKey.From(With(new string('k', JsonRequest.MaxStringLength + 1))));

        Assert.Equal(400, refusal.StatusCode);
        Assert.Equal("invalid_request", refusal.Code);
        Assert.StartsWith("Idempotency-Key is 256 characters long", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_SameBodySame_OtherBodyOther()
    {
        var first = IdempotencyKey.Fingerprint("{\"amount\":1}"u8.ToArray());

        Assert.Equal(first, IdempotencyKey.Fingerprint("{\"amount\":1}"u8.ToArray()));
        Assert.NotEqual(first, IdempotencyKey.Fingerprint("{\"amount\":2}"u8.ToArray()));
        Assert.Equal("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a", IdempotencyKey.Fingerprint("{}"u8.ToArray()));
    }

    [Fact]
    public void Reused_422NamingWhatDiffered()
    {
        var refusal = IdempotencyKey.Reused("with a different request body");

        Assert.Equal(422, refusal.StatusCode);
        Assert.Equal("idempotency_key_reused", refusal.Code);
        Assert.Contains("with a different request body", refusal.Message, StringComparison.Ordinal);
    }
}
