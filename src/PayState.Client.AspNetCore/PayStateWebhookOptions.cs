using PayState.Client.Webhooks;

namespace PayState.Client.AspNetCore;

/// <summary>How the webhook endpoint reads what it receives (the secrets are the terminal's, in <see cref="PayStateClientOptions"/>).</summary>
public sealed class PayStateWebhookOptions
{
    /// <summary>How far <c>webhook-timestamp</c> may be from now, either way; default 5 minutes.</summary>
    public TimeSpan Tolerance { get; set; } = WebhookVerifier.DefaultTolerance;

    /// <summary>The largest body accepted, in bytes; default 1 MiB.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;
}
