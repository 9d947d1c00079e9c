using System.Collections.Concurrent;

namespace PayState.Client.Reconciliation;

/// <summary>An <see cref="ICursorStore"/> in process memory: forgets its positions on restart, so each start pages from the beginning again.</summary>
public sealed class InMemoryCursorStore : ICursorStore
{
    private readonly ConcurrentDictionary<string, string> _cursors = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<string?> LoadAsync(string name, CancellationToken cancellationToken) =>
        Task.FromResult(_cursors.TryGetValue(name, out var cursor) ? cursor : null);

    /// <inheritdoc />
    public Task SaveAsync(string name, string cursor, CancellationToken cancellationToken)
    {
        _cursors[name] = cursor;
        return Task.CompletedTask;
    }
}
