namespace PayState.Client.Webhooks;

/// <summary>Where the reconciler keeps its position in the events feed.</summary>
public interface ICursorStore
{
    /// <summary>The stored cursor, or null to start from the beginning.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cursor, or null.</returns>
    Task<string?> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Stores the cursor to resume from.</summary>
    /// <param name="cursor">The cursor.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once stored.</returns>
    Task SaveAsync(string cursor, CancellationToken cancellationToken);
}
