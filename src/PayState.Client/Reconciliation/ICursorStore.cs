namespace PayState.Client.Reconciliation;

/// <summary>Where each reconciler keeps its position in the events feed, by reconciler name.</summary>
public interface ICursorStore
{
    /// <summary>The stored cursor, or null when none was stored (the first run).</summary>
    /// <param name="name">The reconciler's name (its terminal's name; empty for the default one).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The cursor (empty: from the start of the feed), or null.</returns>
    Task<string?> LoadAsync(string name, CancellationToken cancellationToken);

    /// <summary>Stores the cursor to resume from.</summary>
    /// <param name="name">The reconciler's name.</param>
    /// <param name="cursor">The cursor; empty for the start of the feed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once stored.</returns>
    Task SaveAsync(string name, string cursor, CancellationToken cancellationToken);
}
