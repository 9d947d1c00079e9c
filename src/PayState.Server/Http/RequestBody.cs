using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace PayState.Server.Http;

/// Reads a request body once, whole, refusing anything over the limit before reading it all; the raw
/// bytes are what request signatures are computed over.
public static class RequestBody
{
    public const int MaxBytes = 64 * 1024;
    private static readonly object Key = new();

    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        // A request without a body (a GET: no length, not chunked) is answered without a read or an entry in Items,
        // which would be a dictionary of its own for every status read.
        if (context.Features.Get<IHttpRequestBodyDetectionFeature>() is { CanHaveBody: false }) return ReadOnlyMemory<byte>.Empty;
        if (context.Items.TryGetValue(Key, out var cached)) return (ReadOnlyMemory<byte>)cached!;
        var length = context.Request.ContentLength;
        if (length > MaxBytes) throw TooLarge();
        var body = length is { } exact
            ? await ReadExactAsync(context.Request.Body, (int)exact, context.RequestAborted).ConfigureAwait(false)
            : await ReadChunkedAsync(context.Request.Body, context.RequestAborted).ConfigureAwait(false);
        context.Items[Key] = body;
        return body;
    }

    // A declared length is one array of that size: the usual body is a few dozen bytes, where a growing buffer
    // would allocate kilobytes for each. Kestrel ends the body at the declared length.
    private static async ValueTask<ReadOnlyMemory<byte>> ReadExactAsync(Stream stream, int length, CancellationToken cancellationToken)
    {
        var body = new byte[length];
        var filled = 0;
        while (filled < length)
        {
            var read = await stream.ReadAsync(body.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0) break;
            filled += read;
        }
        return body.AsMemory(0, filled);
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        while (true)
        {
            var read = await stream.ReadAsync(buffer.GetMemory(), cancellationToken).ConfigureAwait(false);
            if (read == 0) return buffer.WrittenMemory;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes) throw TooLarge();
        }
    }

    private static ApiException TooLarge() => new(413, "payload_too_large", $"The request body is over {MaxBytes / 1024} KiB.");
}
