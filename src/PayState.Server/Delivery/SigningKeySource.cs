using System.Collections.Concurrent;
using System.Diagnostics;
using PayState.Server.Accounts;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The signing keys of each terminal, read at most once a second: a burst of one merchant's events needs one
/// read, not one per delivery. A rotation on this process forgets its entry at once; another process picks it up
/// within the second, while the old secret still signs beside the new one for 24 h.
public sealed class SigningKeySource(IStore store, TimeProvider clock) : ISecretRotationObserver
{
    private static readonly TimeSpan Fresh = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, (TerminalRecord? Terminal, long ReadAt)> _terminals = new(StringComparer.Ordinal);

    /// The keys that sign the terminal's webhooks now, or null when the terminal is gone.
    public async ValueTask<IReadOnlyList<byte[]>?> ForAsync(string terminalId, CancellationToken cancellationToken)
    {
        if (!_terminals.TryGetValue(terminalId, out var entry) || Stopwatch.GetElapsedTime(entry.ReadAt) > Fresh)
        {
            entry = (await store.FindTerminalAsync(terminalId, cancellationToken).ConfigureAwait(false), Stopwatch.GetTimestamp());
            _terminals[terminalId] = entry;
        }
        return entry.Terminal is { } terminal ? SigningKeys.For(terminal, clock.GetUtcNow()) : null;
    }

    public void Rotated(string terminalId) => _terminals.TryRemove(terminalId, out _);
}
