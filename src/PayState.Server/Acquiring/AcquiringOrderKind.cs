using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// Seed 001's state machine on the lifecycle engine. An order's document is its envelope, and each change's event body
/// is the document right after the change: the webhook is byte-for-byte what the status API answers for that version,
/// and the newest event is where the order's document is kept. Stored, its QR code gives way to its payment URI
/// (StoredOrder).
public sealed class AcquiringOrderKind(TokenTable tokens) : IObjectKind
{
    public const string KindName = "acquiring_order";
    public const string ExpiryTimer = "expire";
    public const string WebhookPurpose = "webhook";

    public string Name => KindName;

    public bool ReadsMerchant => false;

    public bool DocumentIsPayload => true;

    public byte[] Stored(byte[] payload) => StoredOrder.Compact(payload, tokens);

    public byte[] Wire(byte[] stored) => StoredOrder.Expand(stored);

    /// The processor's move. Expired is the server's own move, made at expired_at. A move to the status the order
    /// already has is the same move again: done already.
    public static Decision Move(PayObject current, OrderStatus next, ChangeContext context)
    {
        var order = AcquiringOrderJson.ReadDocument(current.Data);
        if (next == OrderStatus.Expired)
            return Refusal.InvalidTransition($"Expired is set by the server itself when expired_at passes{Instead(order, context.Now)}");
        // The same move sent again (its answer lost) finds the order where it leads, whatever the clock says now.
        if (order.Status == next && OrderStatus.ProcessorSet.Contains(next)) return AlreadyDone.Instance;
        if (order.Status == OrderStatus.Created && context.Now >= order.ExpiredAt)
            return Refusal.InvalidTransition($"The order's payment window closed at {Http.WireTime.Write(order.ExpiredAt)}.");
        if (!order.Status.CanMoveTo(next))
            return Refusal.InvalidTransition($"An order cannot move from {order.Status.Name} to {next.Name}{Instead(order, context.Now)}");
        return To(order, next, context);
    }

    /// The chain watcher's move: what the chain shows, Expired included, since the watcher expires the orders it
    /// watches itself once it has seen the chain past expired_at (Chain.PaymentRules).
    public static Decision Observe(PayObject current, OrderStatus next, ChangeContext context) =>
        To(AcquiringOrderJson.ReadDocument(current.Data), next, context);

    /// What the processor may set now: the table's moves but Expired (the server's), and none once the window closed.
    public static IReadOnlyList<OrderStatus> Allowed(Order order, DateTimeOffset now) =>
        order.Status == OrderStatus.Created && now >= order.ExpiredAt
            ? []
            : [.. OrderStatus.ProcessorSet.Where(order.Status.CanMoveTo)];

    public IReadOnlyList<ProcessorMove> ProcessorMoves(PayObject current, DateTimeOffset now) =>
        [.. Allowed(AcquiringOrderJson.ReadDocument(current.Data), now).Select(s => new ProcessorMove(s.Name, s.Name))];

    public Decision MakeMove(PayObject current, string move, ChangeContext context) =>
        OrderStatus.Find(move) is { } status ? Move(current, status, context) : Refusal.InvalidTransition($"'{move}' is not an order status.");

    public string? DisplayAmount(PayObject value)
    {
        var order = AcquiringOrderJson.ReadDocument(value.Data);
        return $"{MinorUnits.Format(order.Amount, order.Currency.Decimals, keepZeros: false)} {order.Currency.Symbol}";
    }

    public StateTone ToneOf(string state) => state switch
    {
        "Paid" => StateTone.Succeeded,
        "Failed" => StateTone.Failed,
        "Expired" => StateTone.Ended,
        _ => StateTone.Active,
    };

    /// The end of a refusal: what the processor may set instead, or that nothing follows.
    private static string Instead(Order order, DateTimeOffset now) => Allowed(order, now) switch
    {
        [] when order.Status.IsFinal => $": {order.Status.Name} is final.",
        [] => ": no move is open.",
        var allowed => $": from {order.Status.Name} the processor may set {Alternatives.Either([.. allowed.Select(s => s.Name)])}.",
    };

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var order = AcquiringOrderJson.ReadDocument(current.Data);
        if (timerName != ExpiryTimer || order.Status != OrderStatus.Created)
            return Refusal.InvalidTransition($"Order {order.Uuid} is {order.Status.Name}; the expiry timer no longer applies.");
        return To(order, OrderStatus.Expired, context);
    }

    private static Decision To(Order order, OrderStatus next, ChangeContext context)
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
