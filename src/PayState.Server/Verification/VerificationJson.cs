using System.Text;
using System.Text.Json;
using PayState.Server.Http;

namespace PayState.Server.Verification;

/// The session's camelCase wire format (also its stored document) and the /piv/events body.
public static class VerificationJson
{
    public static string Write(VerificationSession s) => Encoding.UTF8.GetString(JsonBytes.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("sessionId", s.SessionId);
        json.WriteString("customerId", s.CustomerId);
        json.WriteString("sessionStatus", s.Status);
        if (s.StatusReason is not null) json.WriteString("statusReason", s.StatusReason);
        json.WriteString("createdAt", WireTime.Write(s.CreatedAt));
        json.WriteString("expiresAt", WireTime.Write(s.ExpiresAt));
        json.WriteEndObject();
    }));

    public static VerificationSession Read(string data)
    {
        using var document = JsonDocument.Parse(data);
        var d = document.RootElement;
        return new VerificationSession
        {
            SessionId = d.GetProperty("sessionId").GetString()!,
            CustomerId = d.GetProperty("customerId").GetString()!,
            Status = d.GetProperty("sessionStatus").GetString()!,
            StatusReason = d.TryGetProperty("statusReason", out var reason) ? reason.GetString() : null,
            CreatedAt = WireTime.Read(d.GetProperty("createdAt").GetString()!),
            ExpiresAt = WireTime.Read(d.GetProperty("expiresAt").GetString()!),
        };
    }

    /// The seed's event: id (the event id), the session, its status, statusReason only when FAILED, and when.
    public static byte[] Event(string eventId, VerificationSession s, DateTimeOffset at) => JsonBytes.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("id", eventId);
        json.WriteString("sessionId", s.SessionId);
        json.WriteString("customerId", s.CustomerId);
        json.WriteString("sessionStatus", s.Status);
        if (s.StatusReason is not null) json.WriteString("statusReason", s.StatusReason);
        json.WriteString("timestamp", WireTime.Write(at));
        json.WriteEndObject();
    });
}
