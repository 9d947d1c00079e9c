using System.Text;
using System.Text.Json;
using PayState.Client;

namespace PayState.Server.Verification;

/// The session's camelCase wire format (also its stored document) and the /piv/events body: the SDK's
/// VerificationSession and VerificationEvent, which say the names, the order and that statusReason is left out when null.
public static class VerificationJson
{
    /// The names the SDK's CreateSessionRequest sends; any other field is refused.
    public static readonly string[] CreateFields = [.. VerificationJsonContext.Wire.CreateSessionRequest.Properties.Select(p => p.Name)];

    public static byte[] Write(Session s) => JsonSerializer.SerializeToUtf8Bytes(
        new VerificationSession
        {
            SessionId = s.SessionId,
            CustomerId = s.CustomerId,
            SessionStatus = s.Status,
            StatusReason = s.StatusReason,
            CreatedAt = s.CreatedAt,
            ExpiresAt = s.ExpiresAt,
        },
        VerificationJsonContext.Wire.VerificationSession);

    public static Session Read(string data)
    {
        var d = JsonSerializer.Deserialize(data, VerificationJsonContext.Wire.VerificationSession)
            ?? throw new InvalidOperationException("A stored session document is null.");
        return new Session
        {
            SessionId = d.SessionId,
            CustomerId = d.CustomerId,
            Status = d.SessionStatus,
            StatusReason = d.StatusReason,
            CreatedAt = d.CreatedAt,
            ExpiresAt = d.ExpiresAt,
        };
    }

    /// The seed's event: id (the event id), the session, its status, statusReason only when FAILED, and when.
    public static byte[] Event(string eventId, Session s, DateTimeOffset at) => JsonSerializer.SerializeToUtf8Bytes(
        new VerificationEvent
        {
            Id = eventId,
            SessionId = s.SessionId,
            CustomerId = s.CustomerId,
            SessionStatus = s.Status,
            StatusReason = s.StatusReason,
            Timestamp = at,
        },
        VerificationJsonContext.Wire.VerificationEvent);

    /// The stored document's text; the store keeps documents as text.
    public static string Text(byte[] document) => Encoding.UTF8.GetString(document);
}
