using System.Buffers;
using System.Text.Json;

namespace PayState.Server.Http;

/// Builds a compact JSON body by hand, so field order and number text are exactly what the wire format says.
public static class JsonBytes
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static RawJsonResult Result(int statusCode, Action<Utf8JsonWriter> write) => new(statusCode, Write(write));
}
