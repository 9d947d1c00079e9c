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
}
