using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Server.Acquiring;

/// The SDK's acquiring DTOs, source-generated for the server. Wire is the instance to use: it escapes like every
/// other server answer (only what JSON requires), so a QR code's '+' and '/' stay as they are, and writes the
/// merchant's external_data as it was sent.
[JsonSerializable(typeof(PayState.Client.AcquiringOrder))]
[JsonSerializable(typeof(PayState.Client.CreateOrderRequest))]
internal sealed partial class AcquiringJsonContext : JsonSerializerContext
{
    public static AcquiringJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new RawJsonElementConverter() },
    });
}
