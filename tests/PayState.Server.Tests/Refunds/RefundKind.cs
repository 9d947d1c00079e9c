using Microsoft.AspNetCore.Routing;
using System.Text;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Tests.Refunds;

/// The processor's move of a refund: succeeded or failed.
public sealed record RefundMove(string Status) : ObjectMove;

/// A fourth kind, written outside the server as the proof that a kind is one plug: a refund a merchant asks for, which
/// the processor moves pending → succeeded | failed, and which fails by itself when it is still pending at expires_at.
/// Each change is POSTed to the refund's webhook_url with its own header beside the Standard Webhooks ones.
public sealed class RefundKind(WebhookUrlPolicy urls) : IObjectKind
{
    public const string KindName = "refund";
    public const string ExpiryTimer = "expire";
    public const string WebhookPurpose = "refund_webhook";
    public const int DefaultExpiresIn = 600;

    public string Name => KindName;

    public bool ReadsMerchant => false;

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapRefunds();

    public async Task<NewObject> NewAsync(TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RefundDocument refund;
        using (var request = JsonRequest.Parse(body, "amount", "currency", "webhook_url", "expires_in"))
        {
            var currency = request.RequiredString("currency", 3);
            var url = request.OptionalString("webhook_url") is { } given ? urls.Validate("webhook_url", given) : null;
            var expiresIn = request.OptionalInteger("expires_in", 60, 86_400) ?? DefaultExpiresIn;
            refund = new RefundDocument(
                SecureIds.NewUuid(), RefundDocument.Pending, request.RequiredAmount("amount"), currency, null, url, now, now.AddSeconds(expiresIn));
        }
        await urls.CheckResolvedAsync("webhook_url", refund.WebhookUrl, cancellationToken);
        var document = refund.Write();
        var created = new PayObject(refund.RefundId, KindName, terminal.MerchantId, terminal.Id, refund.Status, 1, Encoding.UTF8.GetString(document), now, now);
        return new NewObject(created, [new TimerRecord(refund.RefundId, ExpiryTimer, refund.ExpiresAt)], document);
    }

    public Decision Decide(PayObject current, ObjectMove move, ChangeContext context) => move is RefundMove processor
        ? Move(RefundDocument.Read(current.Data), processor.Status, "declined", context)
        : throw new InvalidOperationException($"A refund does not make a {move.GetType().Name}.");

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var refund = RefundDocument.Read(current.Data);
        return timerName == ExpiryTimer && refund.Status == RefundDocument.Pending
            ? To(refund, RefundDocument.Failed, "expired", context)
            : Refusal.InvalidTransition($"Refund {refund.RefundId} is {refund.Status}; the expiry timer no longer applies.");
    }

    public IReadOnlyList<ProcessorMove> ProcessorMoves(PayObject current, DateTimeOffset now) =>
        RefundDocument.Read(current.Data).IsFinal ? [] : [new(RefundDocument.Succeeded, RefundDocument.Succeeded), new(RefundDocument.Failed, RefundDocument.Failed)];

    public Decision MakeMove(PayObject current, string move, ChangeContext context) => Decide(current, new RefundMove(move), context);

    public string? DisplayAmount(PayObject value)
    {
        var refund = RefundDocument.Read(value.Data);
        return $"{MinorUnits.Format(refund.Amount, 2, keepZeros: true)} {refund.Currency}";
    }

    public StateTone ToneOf(string state) => state switch
    {
        RefundDocument.Succeeded => StateTone.Succeeded,
        RefundDocument.Failed => StateTone.Failed,
        _ => StateTone.Active,
    };

    private static Decision Move(RefundDocument refund, string next, string reason, ChangeContext context)
    {
        // The same move sent again (its answer lost) finds the refund where it leads.
        if (refund.Status == next) return AlreadyDone.Instance;
        if (refund.IsFinal) return Refusal.InvalidTransition($"A refund cannot move from {refund.Status} to {next}: {refund.Status} is final.");
        return To(refund, next, next == RefundDocument.Failed ? reason : null, context);
    }

    private static StateChange To(RefundDocument refund, string next, string? reason, ChangeContext context)
    {
        var changed = refund with { Status = next, FailureReason = reason };
        var document = changed.Write();
        return new StateChange(
            next, Encoding.UTF8.GetString(document), $"{KindName}.{next}", document,
            changed.WebhookUrl is { } url ? [new DeliveryTarget(url, WebhookPurpose)] : [])
        {
            CancelTimers = [ExpiryTimer],
        };
    }
}
