using System.Text.Json;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

public static class DeliveryJson
{
    public static void Write(Utf8JsonWriter json, DeliveryRecord d, IReadOnlyList<AttemptRecord>? attempts = null)
    {
        json.WriteStartObject();
        json.WriteString("id", d.Id);
        json.WriteString("event_id", d.EventId);
        json.WriteString("object_kind", d.ObjectKind);
        json.WriteString("object_id", d.ObjectId);
        json.WriteString("url", d.Url);
        json.WriteString("status", d.Status);
        json.WriteNumber("attempts", d.Attempts);
        json.WriteString("next_attempt_at", d.NextAttemptAt is { } next ? WireTime.Write(next) : null);
        if (d.LastStatusCode is { } code) json.WriteNumber("last_status_code", code);
        else json.WriteNull("last_status_code");
        if (attempts is not null)
        {
            json.WriteNumber("sequence", d.Version);
            json.WriteString("purpose", d.Purpose);
            json.WriteString("last_error", d.LastError);
            json.WriteString("created_at", WireTime.Write(d.CreatedAt));
            json.WriteStartArray("attempt_log");
            foreach (var a in attempts) WriteAttempt(json, a);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    private static void WriteAttempt(Utf8JsonWriter json, AttemptRecord a)
    {
        json.WriteStartObject();
        json.WriteString("attempted_at", WireTime.Write(a.AttemptedAt));
        json.WriteNumber("duration_ms", a.DurationMs);
        if (a.StatusCode is { } code) json.WriteNumber("status_code", code);
        else json.WriteNull("status_code");
        json.WriteString("error", a.Error);
        json.WriteString("response_body", a.ResponseBody);
        json.WriteString("node", a.Node);
        json.WriteEndObject();
    }
}
