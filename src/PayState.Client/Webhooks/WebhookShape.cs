using System.Text.Json;

namespace PayState.Client.Webhooks;

// Tells the kind and object id of a PayState body from its shape.
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

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static bool Found(WebhookKind found, string id, out WebhookKind kind, out string objectId)
    {
        kind = found;
        objectId = id;
        return true;
    }
}
