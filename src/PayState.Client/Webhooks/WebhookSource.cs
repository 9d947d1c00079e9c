namespace PayState.Client.Webhooks;

/// <summary>How a message reached the app.</summary>
public enum WebhookSource
{
    /// <summary>A webhook PayState POSTed to the app.</summary>
    Webhook,

    /// <summary>An event the reconciler read from the events API.</summary>
    Reconciler,
}
