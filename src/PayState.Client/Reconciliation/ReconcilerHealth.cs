using System.Collections.Concurrent;

namespace PayState.Client.Reconciliation;

/// <summary>How each reconciler of the app is doing, by name: what its health check reports.</summary>
public sealed class ReconcilerHealth
{
    private readonly ConcurrentDictionary<string, ReconcilerState> _states = new(StringComparer.Ordinal);

    /// <summary>Every reconciler that ran at least once, by name.</summary>
    public IReadOnlyDictionary<string, ReconcilerState> States => _states;

    internal void Succeeded(string name, DateTimeOffset at) =>
        _states[name] = new ReconcilerState { LastSuccessAt = at };

    internal void Failed(string name, DateTimeOffset at, string error, string? eventId) =>
        _states.AddOrUpdate(name,
            _ => new ReconcilerState { FailingSince = at, Failures = 1, LastError = error, FailingEventId = eventId },
            (_, state) => state with { FailingSince = state.FailingSince ?? at, Failures = state.Failures + 1, LastError = error, FailingEventId = eventId });
}
