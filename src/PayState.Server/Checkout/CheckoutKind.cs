using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;
using static PayState.Server.Checkout.CheckoutActions;

namespace PayState.Server.Checkout;

/// Seed 000's checkout on the lifecycle engine. The state is the current action. Every change's event body is
/// the identification event (sent when the merchant has the option on); approve and hold add the IPN as a
/// target with its own body; a screening deadline is a durable timer.
public sealed class CheckoutKind(WebhookUrlPolicy urls) : IObjectKind
{
    public const string KindName = "checkout";
    public const string ScreeningTimer = "screening";
    public const string IpnPurpose = "ipn";
    public const string IdentificationPurpose = "identification";
    public const string Approved = "approved";
    public const string OnHold = "on_hold";
    private const string ActionMove = "action:";

    public string Name => KindName;

    public bool ReadsMerchant => true;

    public void MapEndpoints(IEndpointRouteBuilder app) => app.MapCheckouts();

    public Task<NewObject> NewAsync(TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now, CancellationToken cancellationToken) =>
        NewCheckout.MakeAsync(terminal, body, now, urls, cancellationToken);

    public Decision Decide(PayObject current, ObjectMove move, ChangeContext context) => move switch
    {
        SetActionMove set => SetAction(current, set.Action, set.Fields, context),
        ConfirmMove confirm => Confirm(current, confirm.IpnState, context),
        IpnAnswered answer => Answered(current, answer.Confirmed, context),
        _ => throw new InvalidOperationException($"A checkout does not make a {move.GetType().Name}."),
    };

    /// What the shopper's browser is answered: the current action (the wait answer).
    public byte[] StatusAnswer(PayObject value, DateTimeOffset now) => CheckoutJson.Wait(CheckoutJson.ReadData(value.Data), now);

    /// The processor's next action; nothing moves out of a final one. The action the checkout shows, with the same
    /// fields, set by /action before, is the same move again: done already (set by approve or hold, it is not: this
    /// move would give up their IPN).
    private static Decision SetAction(PayObject current, string action, IReadOnlyList<KeyValuePair<string, string>> fields, ChangeContext context)
    {
        var checkout = CheckoutJson.ReadData(current.Data);
        fields = WithReturnUrl(checkout, action, fields);
        if (checkout.Action == action && checkout.Confirmed is null && checkout.Fields == FieldsJson(fields)) return AlreadyDone.Instance;
        if (IsFinal(checkout.Action)) return Refusal.InvalidTransition($"The checkout's action is {checkout.Action}, which is final.");
        return To(current, checkout with { Confirmed = null }, action, fields, context);
    }

    /// approve / hold: show the waiting action and send the IPN; its answer decides the rest. Sent again, it finds
    /// its IPN sent (waiting for the answer, or the action the answer led to): done already.
    private static Decision Confirm(PayObject current, string ipnState, ChangeContext context)
    {
        var checkout = CheckoutJson.ReadData(current.Data);
        if (checkout.Confirmed == ipnState) return AlreadyDone.Instance;
        if (IsFinal(checkout.Action)) return Refusal.InvalidTransition($"The checkout's action is {checkout.Action}, which is final.");
        if (checkout.Action is WaitForConfirmation or WaitForOnHold)
            return Refusal.InvalidTransition($"The checkout is already {checkout.Action}: its IPN is in flight.");
        var waiting = ipnState == Approved ? WaitForConfirmation : WaitForOnHold;
        return To(current, checkout with { Confirmed = ipnState }, waiting, [], context, CheckoutJson.Ipn(checkout, ipnState));
    }

    /// The merchant's answer to the IPN: 2xx confirms (finish, or show_on_hold); 409 or 410 is a conflict.
    private static StateChange Answered(PayObject current, bool confirmed, ChangeContext context)
    {
        var checkout = CheckoutJson.ReadData(current.Data);
        var next = !confirmed ? ShowConflict : checkout.Action == WaitForConfirmation ? Finish : ShowOnHold;
        return To(current, checkout, next, [], context);
    }

    /// Any action but the current one whose fields all have defaults, and approve or hold unless an IPN is already
    /// in flight; nothing once the action is final.
    public IReadOnlyList<ProcessorMove> ProcessorMoves(PayObject current, DateTimeOffset now)
    {
        var action = CheckoutJson.ReadData(current.Data).Action;
        if (IsFinal(action)) return [];
        var moves = Fields.Where(a => a.Key != action && a.Value.All(f => !f.Required)).Select(a => new ProcessorMove(a.Key, ActionMove + a.Key)).ToList();
        if (action is not (WaitForConfirmation or WaitForOnHold)) moves.AddRange([new("approve (IPN)", Approved), new("hold (IPN)", OnHold)]);
        return moves;
    }

    public Decision MakeMove(PayObject current, string move, ChangeContext context) =>
        move.StartsWith(ActionMove, StringComparison.Ordinal) ? SetAction(current, move[ActionMove.Length..], [], context)
        : move is Approved or OnHold ? Confirm(current, move, context)
        : Refusal.InvalidTransition($"'{move}' is not a checkout move.");

    public string? DisplayAmount(PayObject value)
    {
        var checkout = CheckoutJson.ReadData(value.Data);
        return $"{MinorUnits.Format(checkout.Amount, CurrencyExponent.Of(checkout.Currency), keepZeros: true)} {checkout.Currency}";
    }

    public StateTone ToneOf(string state) => state switch
    {
        Finish => StateTone.Succeeded,
        ShowConflict or Reject => StateTone.Failed,
        ShowOnHold => StateTone.Ended,
        _ => StateTone.Active,
    };

    public Decision OnTimer(PayObject current, string timerName, ChangeContext context)
    {
        var checkout = CheckoutJson.ReadData(current.Data);
        if (timerName != ScreeningTimer || checkout.Action != WaitForScreening || checkout.ScreeningDeadline > context.Now)
            return Refusal.InvalidTransition("The screening timer no longer applies.");
        return To(current, checkout, ResumeAfterScreening, [], context);
    }

    /// finish and show_on_hold show the checkout's return_url unless the move gives one.
    private static IReadOnlyList<KeyValuePair<string, string>> WithReturnUrl(
        CheckoutState checkout, string action, IReadOnlyList<KeyValuePair<string, string>> fields) =>
        action is Finish or ShowOnHold && fields.All(f => f.Key != ReturnUrl)
            ? [new(ReturnUrl, System.Text.Json.JsonSerializer.Serialize(checkout.ReturnUrl, CheckoutJsonContext.Wire.String))]
            : fields;

    private static string FieldsJson(IReadOnlyList<KeyValuePair<string, string>> fields) =>
        "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":{f.Value}")) + "}";

    private static StateChange To(
        PayObject current, CheckoutState checkout, string action, IReadOnlyList<KeyValuePair<string, string>> fields, ChangeContext context, byte[]? ipn = null)
    {
        fields = WithReturnUrl(checkout, action, fields);
        DateTimeOffset? deadline = action == WaitForScreening
            ? context.Now.AddSeconds(long.Parse(fields.Single(f => f.Key == ExpiresIn).Value, System.Globalization.CultureInfo.InvariantCulture))
            : null;
        var next = checkout with { Action = action, Fields = FieldsJson(fields), ScreeningDeadline = deadline };

        var merchant = context.Merchant;
        var payload = CheckoutJson.Identification(next, context.Now, merchant?.WebhookParams ?? new Dictionary<string, string>());
        var targets = new List<DeliveryTarget>();
        if (ipn is not null) targets.Add(new DeliveryTarget(checkout.NotifyUrl, IpnPurpose, ipn));
        if (merchant is { SendActionEventsInIdentification: true, EventsWebhook: { } events }) targets.Add(new DeliveryTarget(events, IdentificationPurpose));

        return new StateChange(action, CheckoutJson.WriteData(next), $"{KindName}.{action}", payload, targets)
        {
            SetTimers = deadline is { } due ? [new TimerRecord(current.Id, ScreeningTimer, due)] : [],
            CancelTimers = deadline is null && checkout.ScreeningDeadline is not null ? [ScreeningTimer] : [],
            CancelDeliveries = checkout.Action is WaitForConfirmation or WaitForOnHold ? [IpnPurpose] : [],
        };
    }
}
