using System.Text;
using Microsoft.AspNetCore.Http.Features;
using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// The body is read once, whole, and a declared length over the limit is refused before a byte is read.
public sealed class RequestBodyTests
{
    private static DefaultHttpContext With(Stream body, long? length)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Body = body;
        context.Request.ContentLength = length;
        return context;
    }

    [Fact]
    public async Task ReadAsync_DeclaredLength_ReadsExactlyThat()
    {
        var context = With(new MemoryStream("{\"a\":1}"u8.ToArray()), 7);

        var body = await RequestBody.ReadAsync(context);

        Assert.Equal("{\"a\":1}", Encoding.UTF8.GetString(body.Span));
    }

    [Fact]
    public async Task ReadAsync_Twice_SameBytesWithoutReadingAgain()
    {
        var stream = new MemoryStream("{}"u8.ToArray());
        var context = With(stream, null);

        var first = await RequestBody.ReadAsync(context);
        stream.Position = 0;
        stream.SetLength(0);
        var second = await RequestBody.ReadAsync(context);

        Assert.Equal("{}", Encoding.UTF8.GetString(second.Span));
        Assert.True(first.Span == second.Span);
    }

    [Fact]
    public async Task ReadAsync_DeclaredOverTheLimit_RefusedBeforeReading()
    {
        var context = With(new UnreadableStream(), RequestBody.MaxBytes + 1);

        var refusal = await Assert.ThrowsAsync<ApiException>(async () => await RequestBody.ReadAsync(context));

        Assert.Equal(413, refusal.StatusCode);
        Assert.Equal("payload_too_large", refusal.Code);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredOverTheLimit_Refused()
    {
        var context = With(new MemoryStream(new byte[RequestBody.MaxBytes + 1]), null);

        var refusal = await Assert.ThrowsAsync<ApiException>(async () => await RequestBody.ReadAsync(context));

        Assert.Equal(413, refusal.StatusCode);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredExactlyTheLimit_Read()
    {
        var context = With(new MemoryStream(new byte[RequestBody.MaxBytes]), null);

        Assert.Equal(RequestBody.MaxBytes, (await RequestBody.ReadAsync(context)).Length);
    }

    [Fact]
    public async Task ReadAsync_RequestThatCannotHaveABody_EmptyWithoutReading()
    {
        var context = With(new UnreadableStream(), null);
        context.Features.Set<IHttpRequestBodyDetectionFeature>(new NoBody());

        Assert.True((await RequestBody.ReadAsync(context)).IsEmpty);
    }

    private sealed class NoBody : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => false;
    }

    /// Fails the test if anything reads it.
    private sealed class UnreadableStream : MemoryStream
    {
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => throw new InvalidOperationException("read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read");
    }
}
