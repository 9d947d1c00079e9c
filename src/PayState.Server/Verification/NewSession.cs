using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Verification;

/// A session's create path: the request read by its rules, the session ACTIVE, and its expiry timer.
public static class NewSession
{
    public const int DefaultExpiresIn = 3600;
    public const int MaxExpiresIn = 7 * 24 * 3600;

    public static NewObject Make(TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now)
    {
        string customerId;
        long expiresIn;
        using (var request = JsonRequest.Parse(body, VerificationJson.CreateFields))
        {
            customerId = request.RequiredString("customerId");
            if (string.IsNullOrWhiteSpace(customerId)) throw ApiException.Invalid("customerId", "must not be blank.");
            expiresIn = request.OptionalInteger("expiresIn", 60, MaxExpiresIn) ?? DefaultExpiresIn;
        }
        var session = new Session
        {
            SessionId = SecureIds.NewUuid(),
            CustomerId = customerId,
            Status = SessionStatus.Active,
            StatusReason = null,
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(expiresIn),
        };
        var data = VerificationJson.Write(session);
        var created = new PayObject(
            session.SessionId, VerificationKind.KindName, terminal.MerchantId, terminal.Id, session.Status, 1, VerificationJson.Text(data), now, now);
        return new NewObject(created, [new TimerRecord(session.SessionId, VerificationKind.ExpiryTimer, session.ExpiresAt)], data);
    }
}
