using PayState.Server.Lifecycle;

namespace PayState.Server.Acquiring;

/// The processor's move of an order to a status it sets. Expired is the server's own move, made at expired_at.
public sealed record OrderMove(OrderStatus Next) : ObjectMove;

/// The chain watcher's move: what the chain shows, Expired included, since the watcher expires the orders it watches
/// itself once it has seen the chain past expired_at (Chain.PaymentRules).
public sealed record ChainObservation(OrderStatus Next) : ObjectMove;
