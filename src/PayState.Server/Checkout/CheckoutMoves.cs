using PayState.Server.Lifecycle;

namespace PayState.Server.Checkout;

/// The processor's next action, with its fields (name, JSON value).
public sealed record SetActionMove(string Action, IReadOnlyList<KeyValuePair<string, string>> Fields) : ObjectMove;

/// approve or hold: the processor's payment outcome, which sends the IPN (IpnState is CheckoutKind.Approved or OnHold).
public sealed record ConfirmMove(string IpnState) : ObjectMove;

/// The merchant's answer to the IPN: confirmed (2xx) or a conflict (409, 410).
public sealed record IpnAnswered(bool Confirmed) : ObjectMove;
