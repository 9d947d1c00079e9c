using System.Data.Common;

namespace PayState.Client.Webhooks;

/// <summary>What a handler gets beside the message: the scope's services, the state store's transaction, cancellation.</summary>
public sealed class PayStateWebhookContext
{
    internal PayStateWebhookContext(IServiceProvider services, IWebhookStateScope scope, object? request, CancellationToken cancellationToken)
    {
        Services = services;
        Connection = scope.Connection;
        Transaction = scope.Transaction;
        CancellationToken = cancellationToken;
        Request = request;
    }

    /// <summary>The scoped services: the request's in the receiver, a scope of its own per message in the reconciler.</summary>
    public IServiceProvider Services { get; }

    /// <summary>
    /// The open connection of a database state store (<see cref="SqlWebhookStateStore"/>), or null for an in-memory one. Write
    /// your changes through it and <see cref="Transaction"/>: they commit together with the record of this message, or not at all.
    /// </summary>
    public DbConnection? Connection { get; }

    /// <summary>The transaction that records this message when the handler answers; null for an in-memory store.</summary>
    public DbTransaction? Transaction { get; }

    /// <summary>Cancelled when the request is aborted or the reconciler stops.</summary>
    public CancellationToken CancellationToken { get; }

    // The ASP.NET Core request, for PayState.Client.AspNetCore's HttpContext extension; null in the reconciler.
    internal object? Request { get; }
}
