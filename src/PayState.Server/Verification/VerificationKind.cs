using PayState.Server.Delivery;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Verification;

/// Seed 004's session on the lifecycle engine. Each change's event is the /piv/events body, sent to the
/// merchant's piv_events_url (when set) with Paysafe's Signature header.
public sealed class VerificationKind : IObjectKind
{
    public const string KindName = "piv_session";
    public const string ExpiryTimer = "expire";

    public string Name => KindName;

    public bool ReadsMerchant => true;

    public static Decision Move(PayObject current, string status, string? reason, ChangeContext context)
    {
        var session = VerificationJson.Read(current.Data);
        if (!SessionStatus.CanMove(session.Status, status))
            return Refusal.InvalidTransition($"A session cannot move from {session.Status} to {status}.");
        // Decided by the clock, not by whether the expiry timer has fired yet.
        if (context.Now >= session.ExpiresAt)
            return Refusal.InvalidTransition($"The session expired at {Http.WireTime.Write(session.ExpiresAt)}.");
        return To(current, session, status, reason, context);
    }

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var session = VerificationJson.Read(current.Data);
        if (timerName != ExpiryTimer || SessionStatus.IsFinal(session.Status))
            return Refusal.InvalidTransition($"Session {session.SessionId} is {session.Status}; the expiry timer no longer applies.");
        return To(current, session, SessionStatus.Failed, SessionStatus.SessionExpired, context);
    }

    private static StateChange To(PayObject current, VerificationSession session, string status, string? reason, ChangeContext context)
    {
        var next = session with { Status = status, StatusReason = status == SessionStatus.Failed ? reason : null };
        var url = context.Merchant?.PivEventsUrl;
        return new StateChange(
            status, VerificationJson.Text(VerificationJson.Write(next)), $"{KindName}.{status.ToLowerInvariant()}", VerificationJson.Event(context.EventId, next, context.Now),
            url is null ? [] : [new DeliveryTarget(url, PaysafeSignature.Purpose)])
        {
            CancelTimers = SessionStatus.IsFinal(status) ? [ExpiryTimer] : [],
        };
    }
}
