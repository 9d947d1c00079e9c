using System.Security.Cryptography;
using System.Text;

namespace PayState.Server.Delivery;

/// Standard Webhooks v1: base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}" under each
/// signing key, space-separated, so receivers holding either secret verify during a rotation.
public static class StandardWebhookSigner
{
    private const string Prefix = "whsec_";

    /// The key bytes of a whsec_ secret: the base64 after the prefix, decoded.
    public static byte[] KeyBytes(string secret) =>
        Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public static string Sign(string webhookId, long timestamp, ReadOnlySpan<byte> body, IReadOnlyList<byte[]> keys)
    {
        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{timestamp}.");
        var signatures = new StringBuilder();
        foreach (var key in keys)
        {
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(prefix);
            hmac.AppendData(body);
            if (signatures.Length > 0) signatures.Append(' ');
            signatures.Append("v1,").Append(Convert.ToBase64String(hmac.GetHashAndReset()));
        }
        return signatures.ToString();
    }
}
