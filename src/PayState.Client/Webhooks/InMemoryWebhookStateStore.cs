namespace PayState.Client.Webhooks;

/// <summary>A thread-safe <see cref="IWebhookStateStore"/> in process memory: forgets everything on restart.</summary>
public sealed class InMemoryWebhookStateStore : IWebhookStateStore
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _events = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _sequences = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_events.Contains(eventId));
    }

    /// <inheritdoc />
    public Task<int?> LastSequenceAsync(string objectId, CancellationToken cancellationToken)
    {
        lock (_gate) return Task.FromResult(_sequences.TryGetValue(objectId, out var sequence) ? sequence : (int?)null);
    }

    /// <inheritdoc />
    public Task MarkProcessedAsync(string eventId, string objectId, int sequence, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _events.Add(eventId);
            if (!_sequences.TryGetValue(objectId, out var last) || last < sequence) _sequences[objectId] = sequence;
        }
        return Task.CompletedTask;
    }
}
