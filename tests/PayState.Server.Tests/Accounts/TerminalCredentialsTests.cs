using System.Net;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Accounts;

/// The admin API's terminals: credentials that sign, distinct per terminal, and never shown again.
public abstract class TerminalCredentialsTests(Backend backend) : AdminApiTestBase(backend)
{
    [Fact]
    public async Task CreateTerminal_AnswersCredentials_ThatSignMerchantCallsAndWebhooks()
    {
        var merchantId = (await CreateAsync("""{"name":"Terminal shop"}""")).GetProperty("id").GetString()!;

        using var response = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        var credentials = await JsonAsync(response, 201);

        Assert.Equal(CredentialFields, credentials.EnumerateObject().Select(p => p.Name));
        foreach (var field in CredentialFields) Assert.False(string.IsNullOrWhiteSpace(credentials.GetProperty(field).GetString()), field);
        var webhookSecret = credentials.GetProperty("webhook_secret").GetString()!;
        Assert.StartsWith("whsec_", webhookSecret, StringComparison.Ordinal);
        Assert.True(Convert.FromBase64String(webhookSecret["whsec_".Length..]).Length >= 24, webhookSecret);
        var client = ClientFor(merchantId, credentials);

        using var signed = await client.GetAsync("/api/v1/events");
        Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        var uuid = (await client.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/t") }))
            .GetProperty("uuid").GetString()!;
        Assert.Equal(credentials.GetProperty("terminal_uuid").GetString(), (await GetOrderDataAsync(client, uuid)).GetProperty("terminal_uuid").GetString());
        await Server.MoveOrderAsync(uuid, "Pending");
        WebhookAssert.SignedWith(await Receiver.NextAsync(), webhookSecret);

        client.ApiSecret = "sk_wrong";
        using var badlySigned = await client.GetAsync("/api/v1/events");
        Assert.Equal(HttpStatusCode.Unauthorized, badlySigned.StatusCode);
    }

    [Fact]
    public async Task CreateTerminal_TwoTerminals_GetDistinctCredentials()
    {
        var merchantId = (await CreateAsync("""{"name":"Two terminals"}""")).GetProperty("id").GetString()!;

        using var first = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        using var second = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        var a = await JsonAsync(first, 201);
        var b = await JsonAsync(second, 201);

        foreach (var field in CredentialFields) Assert.NotEqual(a.GetProperty(field).GetString(), b.GetProperty(field).GetString());
    }

    [Fact]
    public async Task GetMerchant_AfterTerminalsAndRotation_NeverShowsSecrets()
    {
        var merchantId = (await CreateAsync("""{"name":"Quiet shop"}""")).GetProperty("id").GetString()!;
        using var created = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        var credentials = await JsonAsync(created, 201);
        using var rotated = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{credentials.GetProperty("terminal_uuid").GetString()}/rotate", "");
        var rotatedCredentials = await JsonAsync(rotated, 200);
        var secrets = new[]
        {
            credentials.GetProperty("api_secret").GetString()!, credentials.GetProperty("webhook_secret").GetString()!,
            rotatedCredentials.GetProperty("api_secret").GetString()!, rotatedCredentials.GetProperty("webhook_secret").GetString()!,
        };

        using var one = await Server.AdminAsync(HttpMethod.Get, $"admin/v1/merchants/{merchantId}");
        using var list = await Server.AdminAsync(HttpMethod.Get, "admin/v1/merchants");
        using var patch = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{merchantId}", """{"name":"Still quiet"}""");

        foreach (var response in new[] { one, list, patch })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            foreach (var secret in secrets) Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("whsec_", text, StringComparison.Ordinal);
        }
    }
}

public sealed class TerminalCredentialsTestsOnSqlite() : TerminalCredentialsTests(Backend.Sqlite);

public sealed class TerminalCredentialsTestsOnPostgres() : TerminalCredentialsTests(Backend.Postgres);
