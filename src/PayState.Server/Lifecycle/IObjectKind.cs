using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// A kind of payment object plugged into the lifecycle engine: its name and what its timers do.
public interface IObjectKind
{
    string Name { get; }

    /// Whether its decisions read the object's merchant (ChangeContext.Merchant): a change decided off the
    /// writer reads the merchant first only for such kinds.
    bool ReadsMerchant { get; }

    /// The change a due timer makes, or a refusal when the timer no longer applies (the object moved on).
    Decision OnTimer(PayObject current, string timerName, ChangeContext context);

    /// Whether its document is its event payload (the webhook body of each version is the status answer): the object
    /// row then keeps no document of its own but points at its newest event, which carries it.
    bool DocumentIsPayload => false;

    /// A document or event payload of this kind as stored: what can be derived exactly from the rest left out.
    byte[] Stored(byte[] payload) => payload;

    /// A stored document or event payload as answered and sent: what Stored left out derived again.
    byte[] Wire(byte[] stored) => stored;

    /// The moves the processor may make now: what the sandbox's buttons offer, and what a refusal lists.
    IReadOnlyList<ProcessorMove> ProcessorMoves(PayObject current, DateTimeOffset now);

    /// One of ProcessorMoves, by its Value, decided by the same rules as the processor API.
    Decision MakeMove(PayObject current, string move, ChangeContext context);

    /// The object's amount for a reader, with its currency; null for a kind without one.
    string? DisplayAmount(PayObject value);

    StateTone ToneOf(string state);
}

public sealed class ObjectKinds(IEnumerable<IObjectKind> kinds)
{
    private readonly Dictionary<string, IObjectKind> _byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IObjectKind this[string name] =>
        _byName.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"Unknown object kind '{name}'.");
}
