using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Server.Checkout;

/// The SDK's checkout DTOs (and a JSON string, for a default return_url), source-generated for the server; Wire
/// escapes like every other server answer.
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(PayState.Client.CreatedCheckout))]
[JsonSerializable(typeof(PayState.Client.CheckoutIpn))]
[JsonSerializable(typeof(PayState.Client.CreateCheckoutRequest))]
internal sealed partial class CheckoutJsonContext : JsonSerializerContext
{
    public static CheckoutJsonContext Wire { get; } = new(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
