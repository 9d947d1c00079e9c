using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Server.Verification;

/// The SDK's verification DTOs, source-generated for the server; Wire escapes like every other server answer.
[JsonSerializable(typeof(PayState.Client.VerificationSession))]
[JsonSerializable(typeof(PayState.Client.VerificationEvent))]
[JsonSerializable(typeof(PayState.Client.CreateSessionRequest))]
internal sealed partial class VerificationJsonContext : JsonSerializerContext
{
    public static VerificationJsonContext Wire { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
