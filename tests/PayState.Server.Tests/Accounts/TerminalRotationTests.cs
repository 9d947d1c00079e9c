using System.Net;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// A terminal's rotation: the old API secret refused at once, webhooks signed with both secrets for 24 hours.
public abstract class TerminalRotationTests(Backend backend) : AdminApiTestBase(backend)
{
    [Fact]
    public async Task RotateTerminal_Answers_NewSecretsAndOldApiSecretIsRefusedAtOnce()
    {
        var client = await Server.CreateMerchantAsync();
        var oldApiSecret = client.ApiSecret;
        var oldWebhookSecret = client.WebhookSecret;
        // Signed once before the rotation, so the server has the terminal in hand when the secret changes.
        using (var before = await client.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var rotateResponse = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{client.TerminalUuid}/rotate", "");
        var rotated = await JsonAsync(rotateResponse, 200);
        var newApiSecret = rotated.GetProperty("api_secret").GetString()!;
        var newWebhookSecret = rotated.GetProperty("webhook_secret").GetString()!;

        Assert.Equal(client.TerminalUuid, rotated.GetProperty("terminal_uuid").GetString());
        Assert.NotEqual(oldApiSecret, newApiSecret);
        Assert.NotEqual(oldWebhookSecret, newWebhookSecret);
        Assert.StartsWith("whsec_", newWebhookSecret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(newWebhookSecret["whsec_".Length..]).Length >= 24, newWebhookSecret);
        using (var withOld = await client.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, withOld.StatusCode);
        }
        client.ApiSecret = newApiSecret;
        using (var withNew = await client.GetAsync("/api/v1/events"))
        {
            Assert.Equal(HttpStatusCode.OK, withNew.StatusCode);
        }
    }

    [Fact]
    public async Task RotateTerminal_WebhookDuringOverlap_CarriesBothSignaturesThenOnlyNewAfter24Hours()
    {
        var client = await Server.CreateMerchantAsync();
        var oldWebhookSecret = client.WebhookSecret;
        var uuid = await CreateOrderWithWebhookAsync(client);
        await RotateAsync(client);

        await Server.MoveOrderAsync(uuid, "Pending");
        var during = await Receiver.NextAsync();
        var duringSignatures = during.Header("webhook-signature")!.Split(' ');
        Assert.Equal(2, duringSignatures.Length);
        Assert.All(duringSignatures, s => Assert.StartsWith("v1,", s, StringComparison.Ordinal));
        WebhookAssert.SignedWith(during, client.WebhookSecret);
        WebhookAssert.SignedWith(during, oldWebhookSecret);

        // Recorded first: an attempt still in flight when the clock jumps a day would outlive its lease and be sent again.
        await WaitForSucceededDeliveriesAsync(client, 1);
        // The order is Pending, so its expiry timer does not fire on the way.
        Server.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));
        await Server.MoveOrderAsync(uuid, "Paid");
        var after = await Receiver.NextAsync();

        Assert.Equal("3", after.Header("PayState-Sequence"));
        Assert.StartsWith("v1,", Assert.Single(after.Header("webhook-signature")!.Split(' ')), StringComparison.Ordinal);
        WebhookAssert.SignedWith(after, client.WebhookSecret);
        Assert.Throws<Xunit.Sdk.ContainsException>(() => WebhookAssert.SignedWith(after, oldWebhookSecret));
    }

    [Fact]
    public async Task RotateTerminal_WebhookOneSecondBeforeOverlapEnds_StillCarriesOldSignature()
    {
        var client = await Server.CreateMerchantAsync();
        var oldWebhookSecret = client.WebhookSecret;
        await RotateAsync(client);

        Server.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromSeconds(1));
        var uuid = await CreateOrderWithWebhookAsync(client);
        await Server.MoveOrderAsync(uuid, "Pending");
        var webhook = await Receiver.NextAsync();

        Assert.Equal(2, webhook.Header("webhook-signature")!.Split(' ').Length);
        WebhookAssert.SignedWith(webhook, client.WebhookSecret);
        WebhookAssert.SignedWith(webhook, oldWebhookSecret);
    }
}

public sealed class TerminalRotationTestsOnSqlite() : TerminalRotationTests(Backend.Sqlite);

public sealed class TerminalRotationTestsOnPostgres() : TerminalRotationTests(Backend.Postgres);
