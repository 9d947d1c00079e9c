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

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapVerification();

    public Task<NewObject> NewAsync(TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult(NewSession.Make(terminal, body, now));

    public Decision Decide(PayObject current, ObjectMove move, ChangeContext context) => move is SessionMove processor
        ? Move(current, processor.Status, processor.Reason, context)
        : throw new InvalidOperationException($"A session does not make a {move.GetType().Name}.");

    private static Decision Move(PayObject current, string status, string? reason, ChangeContext context)
    {
        var session = VerificationJson.Read(current.Data);
        // The same move sent again (its answer lost) finds the session where it leads, whatever the clock says now.
        if (session.Status == status && session.StatusReason == reason && SessionStatus.ProcessorSet.Contains(status)) return AlreadyDone.Instance;
        if (!SessionStatus.CanMove(session.Status, status))
            return Refusal.InvalidTransition($"A session cannot move from {session.Status} to {status}{Instead(session, context.Now)}");
        // Decided by the clock, not by whether the expiry timer has fired yet.
        if (context.Now >= session.ExpiresAt)
            return Refusal.InvalidTransition($"The session expired at {Http.WireTime.Write(session.ExpiresAt)}.");
        return To(current, session, status, reason, context);
    }

    /// What the processor may set now: the table's moves, none once the session expired.
    public static IReadOnlyList<string> Allowed(Session session, DateTimeOffset now) =>
        now >= session.ExpiresAt ? [] : SessionStatus.From(session.Status);

    public IReadOnlyList<ProcessorMove> ProcessorMoves(PayObject current, DateTimeOffset now) =>
        [.. Allowed(VerificationJson.Read(current.Data), now).Select(s => new ProcessorMove(s, s))];

    /// A failed session needs a reason: a move made here gives the first of the list.
    public Decision MakeMove(PayObject current, string move, ChangeContext context) =>
        Move(current, move, move == SessionStatus.Failed ? SessionStatus.Reasons[0] : null, context);

    public string? DisplayAmount(PayObject value) => null;

    public StateTone ToneOf(string state) => state switch
    {
        SessionStatus.Completed => StateTone.Succeeded,
        SessionStatus.Failed => StateTone.Failed,
        _ => StateTone.Active,
    };

    private static string Instead(Session session, DateTimeOffset now) => Allowed(session, now) switch
    {
        [] when SessionStatus.IsFinal(session.Status) => $": {session.Status} is final.",
        [] => ": no move is open.",
        var allowed => $": from {session.Status} the processor may set {Alternatives.Either(allowed)}.",
    };

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var session = VerificationJson.Read(current.Data);
        if (timerName != ExpiryTimer || SessionStatus.IsFinal(session.Status))
            return Refusal.InvalidTransition($"Session {session.SessionId} is {session.Status}; the expiry timer no longer applies.");
        return To(current, session, SessionStatus.Failed, SessionStatus.SessionExpired, context);
    }

    private static StateChange To(PayObject current, Session session, string status, string? reason, ChangeContext context)
    {
        var next = session with { Status = status, StatusReason = status == SessionStatus.Failed ? reason : null };
        var url = context.Merchant?.PivEventsUrl;
        return new StateChange(
            status, VerificationJson.Text(VerificationJson.Write(next)), $"{KindName}.{status.ToLowerInvariant()}", VerificationJson.Event(context.EventId, next, context.Now),
            url is null ? [] : [new DeliveryTarget(url, PaysafeSignature.EventPurpose)])
        {
            CancelTimers = SessionStatus.IsFinal(status) ? [ExpiryTimer] : [],
        };
    }
}
