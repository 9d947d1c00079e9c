using PayState.Server.Acquiring;
using PayState.Server.Checkout;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;
using PayState.Server.Verification;

namespace PayState.Server.Dashboard;

/// A lifecycle button of the sandbox: what it is labelled and the move it posts.
public sealed record SandboxMove(string Label, string Value);

/// The sandbox's lifecycle buttons: the same moves the processor API makes, decided by the same kind rules.
public static class SandboxMoves
{
    public static IReadOnlyList<SandboxMove> For(PayObject value) => value.Kind switch
    {
        AcquiringOrderKind.KindName => [.. OrderStatus.All.Select(s => new SandboxMove(s.Name, "status:" + s.Name))],
        CheckoutKind.KindName =>
        [
            .. CheckoutActions.Fields.Where(a => a.Value.All(f => !f.Required)).Select(a => new SandboxMove(a.Key, "action:" + a.Key)),
            new("approve (IPN)", "confirm:" + CheckoutKind.Approved),
            new("hold (IPN)", "confirm:" + CheckoutKind.OnHold),
        ],
        VerificationKind.KindName => [.. SessionStatus.All.Select(s => new SandboxMove(s, "session:" + s))],
        _ => [],
    };

    public static Decision Decide(PayObject current, string move, ChangeContext context)
    {
        if (!For(current).Any(m => m.Value == move)) return new Refusal(400, "invalid_move", $"'{move}' is not a move for a {current.Kind}.");
        var (what, value) = (move[..move.IndexOf(':', StringComparison.Ordinal)], move[(move.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        return what switch
        {
            "status" => AcquiringOrderKind.Move(current, OrderStatus.Find(value)!, context),
            "action" => CheckoutKind.SetAction(current, value, [], context),
            "confirm" => CheckoutKind.Confirm(current, value, context),
            // A failed session needs a reason: the sandbox gives the first one.
            _ => VerificationKind.Move(current, value, value == SessionStatus.Failed ? SessionStatus.Reasons[0] : null, context),
        };
    }
}
