using System.Text.Json.Serialization;

namespace PayState.Client;

// Source-generated (trim- and AOT-safe). Each DTO says itself which null fields are left out (JsonIgnore on the
// property), so this context and the server's, which writes the same types, produce the same bytes.
[JsonSerializable(typeof(AcquiringOrderEnvelope))]
[JsonSerializable(typeof(AcquiringOrder))]
[JsonSerializable(typeof(CreateOrderRequest))]
[JsonSerializable(typeof(CreatedCheckout))]
[JsonSerializable(typeof(CreateCheckoutRequest))]
[JsonSerializable(typeof(CheckoutIpn))]
[JsonSerializable(typeof(IdentificationEvent))]
[JsonSerializable(typeof(VerificationSession))]
[JsonSerializable(typeof(VerificationEvent))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(DeliveryPage))]
[JsonSerializable(typeof(Delivery))]
[JsonSerializable(typeof(DeliveryDetail))]
internal sealed partial class PayStateJsonContext : JsonSerializerContext;
