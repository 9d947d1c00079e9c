using System.Security.Cryptography;

namespace PayState.Server.Delivery;

/// Paysafe's webhook signature: base64 of HMAC-SHA256 over the raw body bytes, keyed with the webhook secret
/// (the bytes after whsec_). Sent as the Signature header on verification events, beside the Standard
/// Webhooks headers. It has no room for two keys, so during a rotation it uses the new secret.
public static class PaysafeSignature
{
    public const string Header = "Signature";

    /// Deliveries of this purpose carry the Signature header.
    public const string Purpose = "piv_event";

    public static string Compute(ReadOnlySpan<byte> body, byte[] key) => Convert.ToBase64String(HMACSHA256.HashData(key, body));
}
