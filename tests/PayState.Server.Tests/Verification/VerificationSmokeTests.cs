using System.Security.Cryptography;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

public abstract class VerificationSmokeTests(Backend backend) : IAsyncLifetime
{
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Session_FailedWithReason_SendsSeedBodyWithPaysafeSignature()
    {
        var merchant = await _server.CreateMerchantAsync("PIV shop", new { name = "PIV shop", piv_events_url = _receiver.UrlFor("/piv/events") });
        using var created = await merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-123"}""");
        var session = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var id = session.GetProperty("sessionId").GetString()!;
        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal($$"""{"sessionId":"{{id}}","customerId":"c-123","sessionStatus":"ACTIVE","createdAt":"2026-01-01T12:00:00.000000Z","expiresAt":"2026-01-01T13:00:00.000000Z"}""",
            session.GetRawText());

        using var failed = await _server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", """{"sessionStatus":"FAILED","statusReason":"NAME_MISMATCH"}""");
        Assert.Equal(200, (int)failed.StatusCode);

        var webhook = await _receiver.NextAsync();
        Assert.Equal(
            $$"""{"id":"{{await merchant.EventIdOfAsync(webhook)}}","sessionId":"{{id}}","customerId":"c-123","sessionStatus":"FAILED","statusReason":"NAME_MISMATCH","timestamp":"2026-01-01T12:00:00.000000Z"}""",
            webhook.BodyText);
        var key = Convert.FromBase64String(merchant.WebhookSecret["whsec_".Length..]);
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(key, webhook.Body)), webhook.Header("Signature"));
        Assert.Equal("application/json", webhook.Header("Content-Type"));
        WebhookAssert.SignedWith(webhook, merchant.WebhookSecret);
        var fetched = await merchant.GetJsonAsync($"/api/v1/piv/sessions/{id}");
        Assert.Equal("NAME_MISMATCH", fetched.GetProperty("statusReason").GetString());
    }
}

public sealed class VerificationSmokeTestsOnSqlite() : VerificationSmokeTests(Backend.Sqlite);

public sealed class VerificationSmokeTestsOnPostgres() : VerificationSmokeTests(Backend.Postgres);
