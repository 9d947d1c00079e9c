namespace PayState.Client.Webhooks;

/// <summary>How the webhook endpoint verifies what it receives.</summary>
public sealed class PayStateWebhookOptions
{
    /// <summary>The terminal's webhook secrets (<c>whsec_...</c>); during a rotation, both the old and the new one.</summary>
    public IList<string> Secrets { get; } = [];

    /// <summary>How far <c>webhook-timestamp</c> may be from now, either way; default 5 minutes.</summary>
    public TimeSpan Tolerance { get; set; } = WebhookVerifier.DefaultTolerance;

    /// <summary>The largest body accepted, in bytes; default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
