using System.Security.Cryptography;
using System.Text;

namespace PayState.Server.Tests.Support;

/// Verifies a received webhook the way a merchant must: Standard Webhooks v1 over the raw body bytes.
public static class WebhookAssert
{
    public static void SignedWith(ReceivedRequest request, string webhookSecret) =>
        Assert.Contains(Expected(request, webhookSecret), Signatures(request));

    public static void NotSignedWith(ReceivedRequest request, string webhookSecret) =>
        Assert.DoesNotContain(Expected(request, webhookSecret), Signatures(request));

    private static string[] Signatures(ReceivedRequest request) =>
        (request.Header("webhook-signature") ?? throw new Xunit.Sdk.XunitException("webhook-signature header missing")).Split(' ');

    private static string Expected(ReceivedRequest request, string webhookSecret)
    {
        var id = request.Header("webhook-id") ?? throw new Xunit.Sdk.XunitException("webhook-id header missing");
        var timestamp = request.Header("webhook-timestamp") ?? throw new Xunit.Sdk.XunitException("webhook-timestamp header missing");
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(
            Convert.FromBase64String(webhookSecret["whsec_".Length..]),
            (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{timestamp}."), .. request.Body]));
    }
}
