using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// Seed 001's state machine on the lifecycle engine. An order's document is its envelope, and each change's event body
/// is the document right after the change: the webhook is byte-for-byte what the status API answers for that version,
/// and the newest event is where the order's document is kept. Stored, its QR code gives way to its payment URI
/// (StoredOrder).
public sealed class AcquiringOrderKind : IObjectKind
{
    public const string KindName = "acquiring_order";
    public const string ExpiryTimer = "expire";
    public const string WebhookPurpose = "webhook";

    public string Name => KindName;

    public bool ReadsMerchant => false;

    public bool DocumentIsPayload => true;

    public byte[] Stored(byte[] payload) => StoredOrder.Compact(payload);

    public byte[] Wire(byte[] stored) => StoredOrder.Expand(stored);

    /// The processor's move. Expired is the server's own move, made at expired_at.
    public static Decision Move(PayObject current, OrderStatus next, ChangeContext context)
    {
        var order = AcquiringOrderJson.ReadDocument(current.Data);
        if (next == OrderStatus.Expired)
            return Refusal.InvalidTransition("Expired is set by the server itself when expired_at passes.");
        if (order.Status == OrderStatus.Created && context.Now >= order.ExpiredAt)
            return Refusal.InvalidTransition($"The order's payment window closed at {Http.WireTime.Write(order.ExpiredAt)}.");
        return To(order, next, context);
    }

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var order = AcquiringOrderJson.ReadDocument(current.Data);
        if (timerName != ExpiryTimer || order.Status != OrderStatus.Created)
            return Refusal.InvalidTransition($"Order {order.Uuid} is {order.Status.Name}; the expiry timer no longer applies.");
        return To(order, OrderStatus.Expired, context);
    }

    private static Decision To(AcquiringOrder order, OrderStatus next, ChangeContext context)
    {
        if (!order.Status.CanMoveTo(next))
            return Refusal.InvalidTransition($"An order cannot move from {order.Status.Name} to {next.Name}.");
        var changed = order with
        {
            Status = next,
            TransactionEndAt = next.EndsTransaction ? context.Now : order.TransactionEndAt,
        };
        var document = AcquiringOrderJson.WriteDocument(changed);
        var targets = changed.WebhookUrl is { } url ? new[] { new DeliveryTarget(url, WebhookPurpose) } : [];
        return new StateChange(
            next.Name, System.Text.Encoding.UTF8.GetString(document), $"{KindName}.{next.Name.ToLowerInvariant()}", document, targets)
        {
            CancelTimers = next.IsFinal || next == OrderStatus.Pending ? [ExpiryTimer] : [],
        };
    }
}
