using System.Diagnostics;

namespace PayState.Server.Storage;

/// An event's trace context as its column holds it: the trace id (16 bytes), the span id (8) and the trace flags
/// (1), as in a W3C traceparent without its text. Null when the event was committed untraced, which costs a row
/// nothing in either database.
public static class TraceContextBytes
{
    private const int Length = 25;

    public static byte[]? From(ActivityContext? context)
    {
        if (context is not { } c || c.TraceId == default) return null;
        var bytes = new byte[Length];
        c.TraceId.CopyTo(bytes.AsSpan(0, 16));
        c.SpanId.CopyTo(bytes.AsSpan(16, 8));
        bytes[24] = (byte)c.TraceFlags;
        return bytes;
    }

    /// The stored context, as a remote parent: the span that made it may be in another process, long ended.
    public static ActivityContext? Read(byte[]? bytes) =>
        bytes is { Length: Length }
            ? new ActivityContext(ActivityTraceId.CreateFromBytes(bytes.AsSpan(0, 16)), ActivitySpanId.CreateFromBytes(bytes.AsSpan(16, 8)),
                (ActivityTraceFlags)bytes[24], isRemote: true)
            : null;
}
