using System.Security.Cryptography;
using PayState.Server.Shared;

namespace PayState.Server.Accounts;

/// New secrets. Webhook secrets follow Standard Webhooks: whsec_ and the base64 of the key bytes.
public static class Credentials
{
    public static string NewApiKey() => "pk_" + SecureIds.RandomToken(18);

    public static string NewApiSecret() => "sk_" + SecureIds.RandomToken(32);

    public static string NewWebhookSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string NewServiceToken(string prefix) => prefix + SecureIds.RandomToken(32);

    /// Compares secrets in time that does not depend on where they differ.
    public static bool FixedTimeEquals(string expected, string? given)
    {
        if (given is null) return false;
        var a = System.Text.Encoding.UTF8.GetBytes(expected);
        var b = System.Text.Encoding.UTF8.GetBytes(given);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
