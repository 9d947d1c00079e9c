using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// Seed 001's state machine on the lifecycle engine. An order's document is its envelope, and each change's event body
/// is the document right after the change: the webhook is byte-for-byte what the status API answers for that version,
/// and the newest event is where the order's document is kept. Stored, its QR code gives way to its payment URI
/// (StoredOrder).
public sealed class AcquiringOrderKind(TokenTable tokens, AcquiringOrders orders) : IObjectKind
{
    public const string KindName = "acquiring_order";
    public const string ExpiryTimer = "expire";
    public const string WebhookPurpose = "webhook";

    public string Name => KindName;

    public bool ReadsMerchant => false;

    public bool DocumentIsPayload => true;

    public byte[] Stored(byte[] payload) => StoredOrder.Compact(payload, tokens);

    public byte[] Wire(byte[] stored) => StoredOrder.Expand(stored);

    /// The order API, and the terminal PATCH, where a terminal's wallets are set.
    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapAcquiring().MapTerminalUpdate();

    public Task<NewObject> NewAsync(TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now, CancellationToken cancellationToken) =>
        orders.NewAsync(terminal, orders.Parse(body), now, cancellationToken);

    public Decision Decide(PayObject current, ObjectMove move, ChangeContext context) => move switch
    {
        OrderMove processor => Move(current, processor.Next, context),
        ChainObservation chain => To(AcquiringOrderJson.ReadDocument(current.Data), chain.Next, context),
        _ => throw new InvalidOperationException($"An order does not make a {move.GetType().Name}."),
    };

    /// The processor's move. Expired is the server's own move, made at expired_at. A move to the status the order
    /// already has is the same move again: done already.
    private static Decision Move(PayObject current, OrderStatus next, ChangeContext context)
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

    /// Its chain payment: what it asks for and the transfers the watcher saw.
    public async Task<ObjectPanel?> PanelAsync(PayObject value, IStore store, CancellationToken cancellationToken) => new(
        typeof(Chain.OrderPayment),
        new Dictionary<string, object> { ["Model"] = await Chain.OrderPaymentModel.LoadAsync(store, value, cancellationToken) });

    public StateTone ToneOf(string state) => state switch
    {
        "Paid" => StateTone.Succeeded,
        "Failed" => StateTone.Failed,
        "Expired" => StateTone.Ended,
        _ => StateTone.Active,
    };

    /// A small USDT order on Ethereum, read by the same rules as the API's.
    public byte[]? SandboxSample(string webhookUrl, DateTimeOffset now) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(
        new Dictionary<string, object>
        {
            ["amount"] = 300,
            ["currency"] = "USDT",
            ["network"] = "ethereum",
            ["external_order_id"] = $"sandbox-{now.ToUnixTimeMilliseconds()}",
            ["webhook_url"] = webhookUrl,
        });

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
