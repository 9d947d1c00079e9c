using PayState.Server.Delivery;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Checkout;

/// What the merchant's answer to an IPN does, in the transaction that records it: a 2xx ends the checkout in
/// finish (or show_on_hold); 409 or 410 ends it in show_conflict and is not retried; anything else is retried
/// while the checkout still waits for this IPN. Once it has moved on, the IPN is not retried any more.
public sealed class IpnOutcomeHook(ObjectKinds kinds) : IDeliveryOutcomeHook
{
    public string Purpose => CheckoutKind.IpnPurpose;

    public (DeliveryOutcome Outcome, ChangeResult? Change) Apply(IStoreTransaction transaction, ClaimedDelivery delivery, DeliveryOutcome outcome, DateTimeOffset now)
    {
        if (transaction.LockObject(delivery.ObjectId) is not { } current) return (outcome, null);
        var waiting = current.Version == delivery.Version && current.State is CheckoutActions.WaitForConfirmation or CheckoutActions.WaitForOnHold;
        if (!waiting)
        {
            return outcome.NewStatus == DeliveryStatus.Failed
                ? (outcome with { NewStatus = DeliveryStatus.Dead, NextAttemptAt = null, Error = Join(outcome.Error, $"checkout moved on to {current.State}: IPN not retried") }, null)
                : (outcome, null);
        }
        if (outcome.NewStatus == DeliveryStatus.Succeeded)
            return (outcome, LifecycleEngine.Apply(transaction, kinds[current.Kind], current, new IpnAnswered(Confirmed: true), now));
        if (outcome.StatusCode is 409 or 410)
        {
            var final = outcome with { NewStatus = DeliveryStatus.Dead, NextAttemptAt = null, Error = $"merchant answered {outcome.StatusCode}: a conflict, final" };
            return (final, LifecycleEngine.Apply(transaction, kinds[current.Kind], current, new IpnAnswered(Confirmed: false), now));
        }
        return (outcome, null);
    }

    private static string Join(string? error, string note) => error is null ? note : $"{error}; {note}";
}
