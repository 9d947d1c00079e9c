using System.Data.Common;

namespace PayState.Client.Webhooks;

/// <summary>One message being handled: what the store knew when it began, and the transaction that will record it.</summary>
public interface IWebhookStateScope : IAsyncDisposable
{
    /// <summary>The answer this message (id and kind) was recorded with, or null when it is new.</summary>
    int? RecordedStatusCode { get; }

    /// <summary>The highest sequence recorded for the message's object and kind, or null.</summary>
    long? LastSequence { get; }

    /// <summary>A database store's open connection, for the handler to write through; null for an in-memory store.</summary>
    DbConnection? Connection { get; }

    /// <summary>A database store's transaction, for the handler to write in; null for an in-memory store.</summary>
    DbTransaction? Transaction { get; }

    /// <summary>Records the message with its answer, raises its stream's sequence (never lowers it), and commits.</summary>
    /// <param name="statusCode">The answer: 200, or 409 or 410 for an IPN's conflict.</param>
    /// <param name="cancellationToken">Cancels the commit.</param>
    /// <returns>A task that completes once committed.</returns>
    Task CommitAsync(int statusCode, CancellationToken cancellationToken);
}
