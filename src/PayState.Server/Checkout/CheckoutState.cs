using System.Numerics;

namespace PayState.Server.Checkout;

/// A checkout (seed 000): the merchant's references and URLs, and the action the shopper's browser is shown.
/// Fields is the action's additional fields as a compact JSON object, in answer order. A screening's
/// expires_in is not stored but computed from ScreeningDeadline whenever it is answered.
public sealed record CheckoutState
{
    public required string Uuid { get; init; }
    public required string? OrderRef1 { get; init; }
    public required string? OrderRef2 { get; init; }
    public required BigInteger Amount { get; init; }
    public required string Currency { get; init; }
    public required string NotifyUrl { get; init; }
    public required string ReturnUrl { get; init; }
    public required string Action { get; init; }
    public required string Fields { get; init; }
    public required DateTimeOffset? ScreeningDeadline { get; init; }

    /// The state of the IPN approve or hold sent ("approved", "on_hold"), kept through the action its answer led to
    /// and cleared by the next /action: a second approve (or hold) is then the same move again.
    public string? Confirmed { get; init; }
}
