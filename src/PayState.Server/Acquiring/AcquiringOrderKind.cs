using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// Seed 001's state machine on the lifecycle engine. Each change's event body is the order envelope right
/// after the change: the webhook is byte-for-byte what the status API answers for that version.
public sealed class AcquiringOrderKind : IObjectKind
{
    public const string KindName = "acquiring_order";
    public const string ExpiryTimer = "expire";
    public const string WebhookPurpose = "webhook";

    public string Name => KindName;

    public bool ReadsMerchant => false;

    /// The processor's move. Expired is the server's own move, made at expired_at.
    public static Decision Move(PayObject current, OrderStatus next, ChangeContext context)
    {
        var order = AcquiringOrderJson.ReadData(current.Data);
        if (next == OrderStatus.Expired)
            return Refusal.InvalidTransition("Expired is set by the server itself when expired_at passes.");
        if (order.Status == OrderStatus.Created && context.Now >= order.ExpiredAt)
            return Refusal.InvalidTransition($"The order's payment window closed at {Http.WireTime.Write(order.ExpiredAt)}.");
        return To(order, next, context);
    }

    /// The chain watcher's move: what the chain shows, Expired included, since the watcher expires the orders it
    /// watches itself once it has seen the chain past expired_at (Chain.PaymentRules).
    public static Decision Observe(PayObject current, OrderStatus next, ChangeContext context) =>
        To(AcquiringOrderJson.ReadData(current.Data), next, context);

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var order = AcquiringOrderJson.ReadData(current.Data);
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
        var data = AcquiringOrderJson.WriteData(changed);
        var targets = changed.WebhookUrl is { } url ? new[] { new DeliveryTarget(url, WebhookPurpose) } : [];
        return new StateChange(
            next.Name, System.Text.Encoding.UTF8.GetString(data), $"{KindName}.{next.Name.ToLowerInvariant()}", AcquiringOrderJson.Envelope(data), targets)
        {
            CancelTimers = next.IsFinal || next == OrderStatus.Pending ? [ExpiryTimer] : [],
        };
    }
}
