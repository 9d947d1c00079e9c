using System.Net.Http.Headers;
using System.Security.Cryptography;
using PayState.Server.Delivery;

namespace PayState.Server.Tests.Refunds;

/// A refund's webhooks also carry Refund-Signature: base64 HMAC-SHA256 of the body under the terminal's newest webhook
/// key. It shows a kind's delivery particulars plug in by purpose, as Verification's Paysafe Signature does.
public sealed class RefundSignature : IDeliveryHeaders
{
    public const string Header = "Refund-Signature";

    public string Purpose => RefundKind.WebhookPurpose;

    public void Add(HttpRequestHeaders headers, byte[] body, IReadOnlyList<byte[]> keys) =>
        headers.TryAddWithoutValidation(Header, Convert.ToBase64String(HMACSHA256.HashData(keys[0], body)));
}
