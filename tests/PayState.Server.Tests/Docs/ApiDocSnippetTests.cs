using System.Security.Cryptography;
using System.Text.Json;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// The Paysafe Signature checker printed in docs/api.md, verbatim, run against a real /piv/events webhook and
/// against the headers an attacker could send; it must agree with the SDK's WebhookVerifier.VerifyPaysafe.
public sealed class ApiDocSnippetTests
{
    // Keep identical to docs/api.md, "The /piv/events webhook".
    static bool PaysafeSignatureValid(byte[] rawBody, string? header, string webhookSecret)
    {
        var key = Convert.FromBase64String(webhookSecret["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, rawBody);
        var given = new byte[expected.Length + 3];           // room to notice a signature that is too long
        if (header is null || !Convert.TryFromBase64String(header.Trim(), given, out var written) || written != expected.Length)
            return false;                                    // absent, not base64, or not 32 bytes: invalid, no exception
        return CryptographicOperations.FixedTimeEquals(expected, given.AsSpan(0, written));   // constant time
    }

    [Fact]
    public async Task PaysafeSnippet_RealPivWebhook_VerifiesAndRejectsTamperingAndGarbageLikeTheSdk()
    {
        await using var server = await TestServer.StartAsync();
        await using var receiver = await FakeReceiver.StartAsync();
        var merchant = await server.CreateMerchantAsync("PIV shop", new { name = "PIV shop", piv_events_url = receiver.UrlFor("/piv/events") });
        using var created = await merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-123"}""");
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString();
        using (var moved = await server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", """{"sessionStatus":"AWAITING_USER_INPUT"}"""))
            Assert.Equal(200, (int)moved.StatusCode);
        var webhook = await receiver.NextAsync();
        var signature = webhook.Header("Signature");
        var secret = merchant.WebhookSecret;

        Assert.True(PaysafeSignatureValid(webhook.Body, signature, secret));
        Assert.True(WebhookVerifier.VerifyPaysafe(webhook.Body, signature, secret));
        var otherSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var cases = new (byte[] Body, string? Header, string Secret)[]
        {
            ([.. webhook.Body, (byte)' '], signature, secret),
            (webhook.Body, signature, otherSecret),
            (webhook.Body, null, secret),
            (webhook.Body, "", secret),
            (webhook.Body, "not base64 at all!", secret),
            (webhook.Body, signature![..^4], secret),
            (webhook.Body, Convert.ToBase64String([.. Convert.FromBase64String(signature), 0]), secret),
        };
        foreach (var (body, header, key) in cases)
        {
            Assert.False(PaysafeSignatureValid(body, header, key), $"snippet accepted '{header}'");
            Assert.False(WebhookVerifier.VerifyPaysafe(body, header, key), $"SDK accepted '{header}'");
        }
    }
}
