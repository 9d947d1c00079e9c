using System.Security.Cryptography;
using System.Text;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Docs;

/// The receiver-side verifier printed in docs/delivery.md, verbatim, run against a real webhook.
public sealed class DeliveryDocSnippetTests
{
    // Keep identical to docs/delivery.md, "Verifying a webhook in C#".
    static bool Verify(byte[] rawBody, IHeaderDictionary h, string whsec, TimeProvider clock)
    {
        var id = h["webhook-id"].ToString(); var ts = h["webhook-timestamp"].ToString();
        if (!long.TryParse(ts, out var sent) || Math.Abs(clock.GetUtcNow().ToUnixTimeSeconds() - sent) > 300) return false;
        var key = Convert.FromBase64String(whsec["whsec_".Length..]);
        var expected = HMACSHA256.HashData(key, (byte[])[.. Encoding.UTF8.GetBytes($"{id}.{ts}."), .. rawBody]);
        return h["webhook-signature"].ToString().Split(' ')
            .Where(s => s.StartsWith("v1,")).Select(s => { try { return Convert.FromBase64String(s[3..]); } catch (FormatException) { return []; } })
            .Any(given => CryptographicOperations.FixedTimeEquals(given, expected));
    }

    [Fact]
    public async Task Snippet_RealWebhook_VerifiesAndRejectsTampering()
    {
        await using var server = await TestServer.StartAsync();
        await using var receiver = await FakeReceiver.StartAsync();
        var merchant = await server.CreateMerchantAsync();
        var order = await merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = receiver.UrlFor("/hook") });
        await server.MoveOrderAsync(order.GetProperty("uuid").GetString()!, "Pending");
        var webhook = await receiver.NextAsync();
        var headers = new HeaderDictionary();
        foreach (var (name, value) in webhook.Headers) headers[name] = value;

        Assert.True(Verify(webhook.Body, headers, merchant.WebhookSecret, server.Clock));
        Assert.False(Verify([.. webhook.Body, (byte)' '], headers, merchant.WebhookSecret, server.Clock));
        server.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.False(Verify(webhook.Body, headers, merchant.WebhookSecret, server.Clock));
    }
}
