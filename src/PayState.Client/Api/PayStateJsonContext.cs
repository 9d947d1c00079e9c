using System.Text.Json.Serialization;

namespace PayState.Client;

// Source-generated (trim- and AOT-safe); requests leave out null optional fields rather than send them as null.
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AcquiringOrderEnvelope))]
[JsonSerializable(typeof(AcquiringOrder))]
[JsonSerializable(typeof(CreateOrderRequest))]
[JsonSerializable(typeof(CreatedCheckout))]
[JsonSerializable(typeof(CreateCheckoutRequest))]
[JsonSerializable(typeof(VerificationSession))]
[JsonSerializable(typeof(CreateSessionRequest))]
[JsonSerializable(typeof(EventPage))]
[JsonSerializable(typeof(Event))]
[JsonSerializable(typeof(DeliveryPage))]
[JsonSerializable(typeof(Delivery))]
[JsonSerializable(typeof(DeliveryDetail))]
internal sealed partial class PayStateJsonContext : JsonSerializerContext;
