namespace PayState.Client.Webhooks;

/// <summary>An <see cref="ICursorStore"/> in process memory: forgets its position on restart.</summary>
public sealed class InMemoryCursorStore : ICursorStore
{
    private volatile string? _cursor;

    /// <summary>The cursor stored now, or null.</summary>
    public string? Cursor => _cursor;

    /// <inheritdoc />
    public Task<string?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult(_cursor);

    /// <inheritdoc />
    public Task SaveAsync(string cursor, CancellationToken cancellationToken)
    {
        _cursor = cursor;
        return Task.CompletedTask;
    }
}
