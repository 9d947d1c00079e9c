using System.Net.Http.Headers;
using System.Security.Cryptography;
using PayState.Server.Delivery;

namespace PayState.Server.Verification;

/// Paysafe's webhook signature: base64 of HMAC-SHA256 over the raw body bytes, keyed with the webhook secret
/// (the bytes after whsec_). Sent as the Signature header on verification events, beside the Standard
/// Webhooks headers. It has room for one key only, so through a rotation's overlap it keeps the old secret: a
/// receiver that verifies it goes on working until the overlap ends, and switches to the new secret by then
/// (webhook-signature carries both meanwhile).
public sealed class PaysafeSignature : IDeliveryHeaders
{
    public const string Header = "Signature";

    /// Deliveries of this purpose carry the Signature header.
    public const string EventPurpose = "piv_event";

    public string Purpose => EventPurpose;

    public void Add(HttpRequestHeaders headers, byte[] body, IReadOnlyList<byte[]> keys) =>
        headers.TryAddWithoutValidation(Header, Compute(body, KeyOf(keys)));

    public static string Compute(ReadOnlySpan<byte> body, byte[] key) => Convert.ToBase64String(HMACSHA256.HashData(key, body));

    /// The key it signs with, of those that sign now (newest first): the oldest, which is the previous secret while
    /// a rotation overlaps, else the current one.
    public static byte[] KeyOf(IReadOnlyList<byte[]> keys) => keys[^1];
}
