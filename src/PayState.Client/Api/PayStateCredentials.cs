namespace PayState.Client;

/// <summary>A terminal's merchant API credentials, as the admin API printed them when the terminal was made.</summary>
/// <param name="ApiKey">The terminal's API key (<c>pk_...</c>), sent as <c>X-Api-Key</c>.</param>
/// <param name="ApiSecret">The terminal's API secret (<c>sk_...</c>), the HMAC key of every request signature; never sent.</param>
public sealed record PayStateCredentials(string ApiKey, string ApiSecret)
{
    // Keep the secret out of logs: the record's generated ToString would print it.
    /// <summary>The API key only; the secret is never printed.</summary>
    /// <returns>A description naming the API key.</returns>
    public override string ToString() => $"PayStateCredentials {{ ApiKey = {ApiKey} }}";
}
