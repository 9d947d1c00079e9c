using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PayState.Client.Webhooks;

/// <summary>Checks the signatures PayState puts on its webhooks. Never throws on malformed input: it answers false.</summary>
public static class WebhookVerifier
{
    /// <summary>How far a <c>webhook-timestamp</c> may be from now, either way, unless told otherwise: 5 minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string SecretPrefix = "whsec_";
    private const string SignaturePrefix = "v1,";
    private const int HashSize = 32;

    /// <summary>
    /// Verifies a Standard Webhooks v1 signature: base64 HMAC-SHA256 of <c>"{id}.{timestamp}.{body}"</c>. Any one of the
    /// space-separated <c>v1,</c> signatures under any one of <paramref name="secrets"/> is enough (secret rotation).
    /// </summary>
    /// <param name="rawBody">The body bytes exactly as received.</param>
    /// <param name="webhookId">The <c>webhook-id</c> header.</param>
    /// <param name="webhookTimestamp">The <c>webhook-timestamp</c> header (unix seconds).</param>
    /// <param name="webhookSignature">The <c>webhook-signature</c> header.</param>
    /// <param name="secrets">The terminal's webhook secrets (<c>whsec_...</c>).</param>
    /// <param name="now">The current time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>; default 5 minutes.</param>
    /// <returns>True when the timestamp is within tolerance and a signature matches.</returns>
    public static bool VerifyStandard(
        ReadOnlySpan<byte> rawBody, string? webhookId, string? webhookTimestamp, string? webhookSignature,
        IReadOnlyList<string> secrets, DateTimeOffset now, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(webhookId) || string.IsNullOrEmpty(webhookTimestamp) || string.IsNullOrEmpty(webhookSignature) || secrets is null)
            return false;
        if (!long.TryParse(webhookTimestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var sent)) return false;
        var window = tolerance ?? DefaultTolerance;
        if (window < TimeSpan.Zero) return false;
        // Whole seconds on both sides; no overflow since sent >= 0 and now is a real date.
        if (Math.Abs(now.ToUnixTimeSeconds() - sent) > (long)window.TotalSeconds) return false;

        var prefix = Encoding.UTF8.GetBytes($"{webhookId}.{webhookTimestamp}.");
        Span<byte> expected = stackalloc byte[HashSize];
        Span<byte> given = stackalloc byte[HashSize + 3];
        foreach (var secret in secrets)
        {
            if (KeyBytes(secret) is not { } key) continue;
            using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            hmac.AppendData(prefix);
            hmac.AppendData(rawBody);
            hmac.GetHashAndReset(expected);
            foreach (var part in webhookSignature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!part.StartsWith(SignaturePrefix, StringComparison.Ordinal)) continue;
                if (Convert.TryFromBase64String(part[SignaturePrefix.Length..], given, out var written) && written == HashSize
                    && CryptographicOperations.FixedTimeEquals(expected, given[..HashSize]))
                    return true;
            }
        }
        return false;
    }

    /// <summary>Verifies Paysafe's <c>Signature</c> header: base64 HMAC-SHA256 of the raw body under the webhook secret.</summary>
    /// <param name="rawBody">The body bytes exactly as received.</param>
    /// <param name="signatureHeader">The <c>Signature</c> header.</param>
    /// <param name="secret">The terminal's webhook secret (<c>whsec_...</c>).</param>
    /// <returns>True when the signature matches.</returns>
    public static bool VerifyPaysafe(ReadOnlySpan<byte> rawBody, string? signatureHeader, string secret)
    {
        if (string.IsNullOrEmpty(signatureHeader) || KeyBytes(secret) is not { } key) return false;
        Span<byte> given = stackalloc byte[HashSize + 3];
        if (!Convert.TryFromBase64String(signatureHeader.Trim(), given, out var written) || written != HashSize) return false;
        Span<byte> expected = stackalloc byte[HashSize];
        HMACSHA256.HashData(key, rawBody, expected);
        return CryptographicOperations.FixedTimeEquals(expected, given[..HashSize]);
    }

    // The key bytes of a secret: the base64 after whsec_, decoded; null when it is not base64.
    private static byte[]? KeyBytes(string? secret)
    {
        if (string.IsNullOrEmpty(secret)) return null;
        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        var key = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, key, out var written) && written > 0 ? key[..written] : null;
    }
}
