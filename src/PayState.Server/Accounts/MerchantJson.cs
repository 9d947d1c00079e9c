using System.Text.Json;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

public static class MerchantJson
{
    public static void Write(Utf8JsonWriter json, MerchantRecord m)
    {
        json.WriteStartObject();
        json.WriteString("id", m.Id);
        json.WriteString("name", m.Name);
        json.WriteBoolean("send_action_events_in_identification", m.SendActionEventsInIdentification);
        json.WriteString("events_webhook", m.EventsWebhook);
        json.WriteString("piv_events_url", m.PivEventsUrl);
        json.WriteStartObject("webhook_params");
        foreach (var (key, value) in m.WebhookParams) json.WriteString(key, value);
        json.WriteEndObject();
        json.WriteString("created_at", WireTime.Write(m.CreatedAt));
        json.WriteEndObject();
    }

    /// A terminal's credentials: only ever answered when they are created or rotated.
    public static void WriteCredentials(Utf8JsonWriter json, TerminalRecord t)
    {
        json.WriteStartObject();
        json.WriteString("terminal_uuid", t.Id);
        json.WriteString("api_key", t.ApiKey);
        json.WriteString("api_secret", t.ApiSecret);
        json.WriteString("webhook_secret", t.WebhookSecret);
        if (t.PreviousSecretValidUntil is { } until) json.WriteString("previous_webhook_secret_valid_until", WireTime.Write(until));
        json.WriteEndObject();
    }
}
