namespace PayState.Client.Webhooks;

/// <summary>The receiver's memory of what it processed: event ids, and the last sequence applied per object.</summary>
public interface IWebhookStateStore
{
    /// <summary>Whether the event was processed already.</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when it was.</returns>
    Task<bool> IsProcessedAsync(string eventId, CancellationToken cancellationToken);

    /// <summary>The highest sequence processed for the object, or null when none was.</summary>
    /// <param name="objectId">The object id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The sequence, or null.</returns>
    Task<int?> LastSequenceAsync(string objectId, CancellationToken cancellationToken);

    /// <summary>Records the event as processed and raises the object's last sequence to <paramref name="sequence"/> (never lowers it).</summary>
    /// <param name="eventId">The event id.</param>
    /// <param name="objectId">The object id.</param>
    /// <param name="sequence">The event's sequence.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once recorded.</returns>
    Task MarkProcessedAsync(string eventId, string objectId, int sequence, CancellationToken cancellationToken);
}
