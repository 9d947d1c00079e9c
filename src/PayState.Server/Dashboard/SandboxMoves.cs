using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The sandbox's lifecycle buttons: exactly the moves the processor may make from the object's current state,
/// decided by the same kind rules as the processor API (a button posts a NamedMove).
public static class SandboxMoves
{
    public static IReadOnlyList<ProcessorMove> For(ObjectKinds kinds, PayObject value, DateTimeOffset now) => kinds[value.Kind].ProcessorMoves(value, now);
}
