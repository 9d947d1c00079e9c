using System.Text.Json;

namespace PayState.Client.Webhooks;

// Tells the kind and object id of a PayState body from its shape, and reads it as its record.
internal static class WebhookShape
{
    public static bool TryDetect(JsonElement payload, out WebhookKind kind, out string objectId)
    {
        kind = default;
        objectId = "";
        if (payload.ValueKind != JsonValueKind.Object) return false;
        if (payload.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && Text(data, "uuid") is { } uuid)
            return Found(WebhookKind.AcquiringOrder, uuid, out kind, out objectId);
        if (Text(payload, "sessionId") is { } session)
            return Found(WebhookKind.VerificationEvent, session, out kind, out objectId);
        if (Text(payload, "order_ref") is { } orderRef)
        {
            if (Text(payload, "event") is not null) return Found(WebhookKind.IdentificationEvent, orderRef, out kind, out objectId);
            if (Text(payload, "state") is not null) return Found(WebhookKind.Ipn, orderRef, out kind, out objectId);
        }
        return false;
    }

    // Whether the body reads as its record (every required field there, of the right type).
    public static bool TryRead(WebhookKind kind, JsonElement payload)
    {
        try
        {
            _ = Read(kind, payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static object Read(WebhookKind kind, JsonElement payload) => (object?)(kind switch
    {
        WebhookKind.AcquiringOrder => (object?)payload.GetProperty("data").Deserialize(PayStateJsonContext.Default.AcquiringOrder),
        WebhookKind.Ipn => payload.Deserialize(PayStateJsonContext.Default.CheckoutIpn),
        WebhookKind.IdentificationEvent => payload.Deserialize(PayStateJsonContext.Default.IdentificationEvent),
        WebhookKind.VerificationEvent => payload.Deserialize(PayStateJsonContext.Default.VerificationEvent),
        _ => null,
    }) ?? throw new JsonException($"A {kind} body is null.");

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static bool Found(WebhookKind found, string id, out WebhookKind kind, out string objectId)
    {
        kind = found;
        objectId = id;
        return true;
    }
}
