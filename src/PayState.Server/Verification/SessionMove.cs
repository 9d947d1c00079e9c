using PayState.Server.Lifecycle;

namespace PayState.Server.Verification;

/// The processor's move of a session to a status it sets, with the reason a FAILED one needs.
public sealed record SessionMove(string Status, string? Reason) : ObjectMove;
