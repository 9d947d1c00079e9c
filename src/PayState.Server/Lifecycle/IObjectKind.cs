using System.Collections;
using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// A kind of payment object plugged into the lifecycle engine: everything the rest of the server asks of it. Its create
/// path and moves (decided by its own rules), its timers, its status answer, its stored and wire forms, its API, and
/// how the dashboard shows it. Nothing outside its folder names it.
public interface IObjectKind
{
    string Name { get; }

    /// Whether its decisions read the object's merchant (ChangeContext.Merchant): a change decided off the
    /// writer reads the merchant first only for such kinds.
    bool ReadsMerchant { get; }

    /// Maps its API: the merchant's create and read, the processor's moves.
    void MapEndpoints(IEndpointRouteBuilder app);

    /// Its create path: a create request's body read by its rules and made into a new object, not yet stored.
    /// LifecycleEngine.CreateAsync stores it.
    Task<NewObject> NewAsync(TerminalRecord terminal, ReadOnlyMemory<byte> body, DateTimeOffset now, CancellationToken cancellationToken);

    /// What a move of its own makes of the object: a StateChange, AlreadyDone or a Refusal.
    Decision Decide(PayObject current, ObjectMove move, ChangeContext context);

    /// The change a due timer makes, or a refusal when the timer no longer applies (the object moved on).
    Decision OnTimer(PayObject current, string timerName, ChangeContext context);

    /// What its status API answers for the object now.
    byte[] StatusAnswer(PayObject value, DateTimeOffset now) => Wire(System.Text.Encoding.UTF8.GetBytes(value.Data));

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

    /// What it draws on the object's dashboard page beside what every object shows; null for nothing.
    Task<ObjectPanel?> PanelAsync(PayObject value, IStore store, CancellationToken cancellationToken) => Task.FromResult<ObjectPanel?>(null);

    /// A create request body for a test object whose webhooks go to webhookUrl, for the sandbox's button; null for a
    /// kind the sandbox does not create.
    byte[]? SandboxSample(string webhookUrl, DateTimeOffset now) => null;
}

/// The registered kinds, in the order they were registered.
public sealed class ObjectKinds(IEnumerable<IObjectKind> kinds) : IEnumerable<IObjectKind>
{
    private readonly List<IObjectKind> _all = [.. kinds];
    private readonly Dictionary<string, IObjectKind> _byName = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);

    public IObjectKind this[string name] =>
        _byName.TryGetValue(name, out var kind) ? kind : throw new InvalidOperationException($"Unknown object kind '{name}'.");

    public IEnumerator<IObjectKind> GetEnumerator() => _all.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
