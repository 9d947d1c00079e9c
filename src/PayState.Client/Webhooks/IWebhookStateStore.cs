namespace PayState.Client.Webhooks;

/// <summary>
/// The receiver's memory: which messages (id and kind) were answered and how, and the last sequence applied per object and
/// kind. <see cref="BeginAsync"/> holds the message's object and kind until the scope ends, so two deliveries of one
/// stream, in one process or several sharing a database, are handled one after the other.
/// </summary>
public interface IWebhookStateStore
{
    /// <summary>Starts handling one message: takes its stream (object and kind) and reads what is recorded.</summary>
    /// <param name="webhook">The message.</param>
    /// <param name="cancellationToken">Cancels the wait for the stream and the reads.</param>
    /// <returns>The scope; disposing it without <see cref="IWebhookStateScope.CommitAsync"/> records nothing.</returns>
    Task<IWebhookStateScope> BeginAsync(PayStateWebhook webhook, CancellationToken cancellationToken);

    /// <summary>The answer recorded for a message, or null when it was not recorded.</summary>
    /// <param name="messageId">The message id.</param>
    /// <param name="kind">The message's kind.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The HTTP status it was answered with (200, 409 or 410), or null.</returns>
    Task<int?> RecordedStatusCodeAsync(string messageId, WebhookKind kind, CancellationToken cancellationToken);

    /// <summary>The highest sequence recorded for an object's messages of one kind, or null when none was.</summary>
    /// <param name="objectId">The object id.</param>
    /// <param name="kind">The messages' kind.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The sequence, or null.</returns>
    Task<long?> LastSequenceAsync(string objectId, WebhookKind kind, CancellationToken cancellationToken);
}
