using System.Buffers;

namespace PayState.Server.Http;

/// Reads a request body once, whole, refusing anything over the limit before reading it all; the raw
/// bytes are what request signatures are computed over.
public static class RequestBody
{
    public const int MaxBytes = 64 * 1024;
    private static readonly object Key = new();

    public static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        if (context.Items.TryGetValue(Key, out var cached)) return (ReadOnlyMemory<byte>)cached!;
        if (context.Request.ContentLength > MaxBytes) throw TooLarge();
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1, (int)(context.Request.ContentLength ?? 1024)));
        var stream = context.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(4096);
            var read = await stream.ReadAsync(memory, context.RequestAborted).ConfigureAwait(false);
            if (read == 0) break;
            buffer.Advance(read);
            if (buffer.WrittenCount > MaxBytes) throw TooLarge();
        }
        var body = buffer.WrittenMemory;
        context.Items[Key] = body;
        return body;
    }

    private static ApiException TooLarge() => new(413, "payload_too_large", $"The request body is over {MaxBytes / 1024} KiB.");
}
