namespace PayState.Server.Lifecycle;

/// A move asked of an object. Each kind defines its own (a processor's status, the chain's observation, an IPN's
/// answer) and decides them in IObjectKind.Decide.
public abstract record ObjectMove;

/// A move named by its ProcessorMove.Value, as the sandbox's buttons send it: made only while the kind offers it.
public sealed record NamedMove(string Value) : ObjectMove;
