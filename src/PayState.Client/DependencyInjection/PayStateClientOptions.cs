namespace PayState.Client;

/// <summary>
/// One terminal's settings, bound from configuration (e.g. the <c>PayState</c> section) and read through
/// <c>IOptionsMonitor</c>: a rotated secret in configuration takes effect at the next request or webhook, without a restart.
/// </summary>
public sealed class PayStateClientOptions
{
    /// <summary>The PayState server's root, e.g. <c>https://paystate.example.com/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>The terminal's API key (<c>pk_...</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The terminal's API secret (<c>sk_...</c>); never logged.</summary>
    public string? ApiSecret { get; set; }

    /// <summary>The terminal's webhook secrets (<c>whsec_...</c>): a webhook verifies under any of them.</summary>
    public IList<string> WebhookSecrets { get; } = [];

    /// <summary>How long one API call may take; default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The API key and secret, or a clear error naming what is missing.</summary>
    /// <param name="name">The terminal's name, for the message.</param>
    /// <returns>The credentials.</returns>
    /// <exception cref="InvalidOperationException">The key or the secret is not set.</exception>
    internal PayStateCredentials Credentials(string name)
    {
        var which = name.Length == 0 ? "the default PayState terminal" : $"the PayState terminal '{name}'";
        if (string.IsNullOrEmpty(ApiKey)) throw new InvalidOperationException($"No ApiKey is configured for {which}.");
        if (string.IsNullOrEmpty(ApiSecret)) throw new InvalidOperationException($"No ApiSecret is configured for {which}.");
        return new PayStateCredentials(ApiKey, ApiSecret);
    }
}
