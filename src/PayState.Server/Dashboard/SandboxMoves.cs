using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The sandbox's lifecycle buttons: exactly the moves the processor may make from the object's current state,
/// decided by the same kind rules as the processor API.
public static class SandboxMoves
{
    public static IReadOnlyList<ProcessorMove> For(ObjectKinds kinds, PayObject value, DateTimeOffset now) => kinds[value.Kind].ProcessorMoves(value, now);

    /// A move that is not (or no longer) one of the buttons is refused, even if the form was posted by hand.
    public static Decision Decide(ObjectKinds kinds, PayObject current, string move, ChangeContext context) =>
        For(kinds, current, context.Now).Any(m => m.Value == move)
            ? kinds[current.Kind].MakeMove(current, move, context)
            : Refusal.InvalidTransition($"'{move}' is not a move a {current.Kind} in {current.State} allows.");
}
