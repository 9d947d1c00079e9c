namespace PayState.Client.Webhooks;

/// <summary>
/// The app's handler of PayState messages, resolved from the scope of each message (so it can take a <c>DbContext</c>):
/// the receiver of <c>MapPayStateWebhooks</c> and the reconciler both call it. Register it with
/// <c>services.AddScoped&lt;IPayStateWebhookHandler, MyHandler&gt;()</c>.
/// </summary>
public interface IPayStateWebhookHandler
{
    /// <summary>
    /// Applies one new message. Called at most once per message and never for a stale one; throw (or answer
    /// <see cref="WebhookResult.RetryLater"/>) to have it again later.
    /// </summary>
    /// <param name="webhook">The message.</param>
    /// <param name="context">The scope's services, the store's transaction, cancellation.</param>
    /// <returns><see cref="WebhookResult.Processed"/>, an IPN's <see cref="WebhookResult.Conflict"/>, or <see cref="WebhookResult.RetryLater"/>.</returns>
    Task<WebhookResult> HandleAsync(PayStateWebhook webhook, PayStateWebhookContext context);
}

/// <summary>A handler as a function; see <see cref="IPayStateWebhookHandler.HandleAsync"/>.</summary>
/// <param name="webhook">The message.</param>
/// <param name="context">The scope's services, the store's transaction, cancellation.</param>
/// <returns>The handler's answer.</returns>
public delegate Task<WebhookResult> PayStateWebhookHandler(PayStateWebhook webhook, PayStateWebhookContext context);
