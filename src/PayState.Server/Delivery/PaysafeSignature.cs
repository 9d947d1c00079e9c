using System.Security.Cryptography;

namespace PayState.Server.Delivery;

/// Paysafe's webhook signature: base64 of HMAC-SHA256 over the raw body bytes, keyed with the webhook secret
/// (the bytes after whsec_). Sent as the Signature header on verification events, beside the Standard
/// Webhooks headers. It has room for one key only, so through a rotation's overlap it keeps the old secret: a
/// receiver that verifies it goes on working until the overlap ends, and switches to the new secret by then
/// (webhook-signature carries both meanwhile).
public static class PaysafeSignature
{
    public const string Header = "Signature";

    /// Deliveries of this purpose carry the Signature header.
    public const string Purpose = "piv_event";

    public static string Compute(ReadOnlySpan<byte> body, byte[] key) => Convert.ToBase64String(HMACSHA256.HashData(key, body));

    /// The key it signs with, of those that sign now (newest first): the oldest, which is the previous secret while
    /// a rotation overlaps, else the current one.
    public static byte[] KeyOf(IReadOnlyList<byte[]> keys) => keys[^1];
}
