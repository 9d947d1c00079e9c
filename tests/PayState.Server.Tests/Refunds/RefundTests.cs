using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Dashboard;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Refunds;

/// The fourth kind, plugged in by one registration line (AddRefunds) and no server file: created, moved, read, expired
/// by its timer, its webhooks delivered and signed, listed and moved on the dashboard, on a real server.
public abstract class RefundTests(Backend backend) : IAsyncLifetime
{
    private const string RefundsPath = "/api/v1/refunds";
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(services: s => s.AddRefunds(), backend: backend);
        _receiver = await FakeReceiver.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Create_AnswersItsStatusDocument_WhichGetReadsBack()
    {
        using var created = await _merchant.PostAsync(RefundsPath, """{"amount":1250,"currency":"EUR"}""");
        var body = await created.Content.ReadAsStringAsync();
        var id = JsonDocument.Parse(body).RootElement.GetProperty("refund_id").GetString()!;
        using var read = await _merchant.GetAsync($"{RefundsPath}/{id}");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(
            $$"""{"refund_id":"{{id}}","status":"pending","amount":1250,"currency":"EUR","failure_reason":null,"webhook_url":null,"created_at":"2026-01-01T12:00:00.000000Z","expires_at":"2026-01-01T12:10:00.000000Z"}""",
            body);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(body, await read.Content.ReadAsStringAsync());
        Assert.Equal(1, _server.CountRows("timers"));
    }

    [Fact]
    public async Task Create_BadBody_IsRefusedByItsOwnRulesAndWritesNothing()
    {
        using var response = await _merchant.PostAsync(RefundsPath, """{"amount":1250,"currency":"EUR","reason":"x"}""");

        await ProblemAssert.InvalidRequestAsync(response, "reason");
        Assert.Equal(0, _server.CountRows("objects"));
    }

    [Fact]
    public async Task Move_PendingToSucceeded_SendsItsDocumentSignedBothWays()
    {
        var id = await CreateAsync(_receiver.UrlFor("/refunds"));

        using var moved = await MoveAsync(id, "succeeded");
        var webhook = await _receiver.NextAsync();

        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(await moved.Content.ReadAsStringAsync(), webhook.BodyText);
        Assert.Contains("\"status\":\"succeeded\"", webhook.BodyText, StringComparison.Ordinal);
        WebhookAssert.SignedWith(webhook, _merchant.WebhookSecret);
        var key = Convert.FromBase64String(_merchant.WebhookSecret["whsec_".Length..]);
        Assert.Equal(Convert.ToBase64String(HMACSHA256.HashData(key, webhook.Body)), webhook.Header(RefundSignature.Header));
        Assert.Equal(0, _server.CountRows("timers"));
    }

    [Fact]
    public async Task Move_FromAFinalStatus_IsRefusedAndTheSameMoveAgainIsDone()
    {
        var id = await CreateAsync();
        using var failed = await MoveAsync(id, "failed");

        using var again = await MoveAsync(id, "failed");
        using var refused = await MoveAsync(id, "succeeded");

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("\"failure_reason\":\"declined\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertProblemAsync(refused, 409, "invalid_transition");
        Assert.Equal(1, _server.CountRows("events"));
    }

    [Fact]
    public async Task Move_AnotherKindsObject_IsNotFoundEitherWay()
    {
        var refund = await CreateAsync();
        var session = JsonDocument.Parse(await (await _merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-1"}""")).Content.ReadAsStringAsync())
            .RootElement.GetProperty("sessionId").GetString()!;

        using var refundAsSession = await _server.ProcessorAsync($"processor/v1/piv/sessions/{refund}/status", """{"sessionStatus":"COMPLETED"}""");
        using var sessionAsRefund = await MoveAsync(session, "succeeded");

        await AssertProblemAsync(refundAsSession, 404, "not_found");
        await AssertProblemAsync(sessionAsRefund, 404, "not_found");
        Assert.Equal(0, _server.CountRows("events"));
    }

    [Fact]
    public async Task Expiry_StillPendingAtExpiresAt_FailsByItselfAndSendsIt()
    {
        var id = await CreateAsync(_receiver.UrlFor("/refunds"), expiresIn: 60);

        var refund = await ExpireAsync(id);
        var webhook = await _receiver.NextAsync();

        Assert.Equal("failed", refund.GetProperty("status").GetString());
        Assert.Equal("expired", refund.GetProperty("failure_reason").GetString());
        Assert.Contains("\"failure_reason\":\"expired\"", webhook.BodyText, StringComparison.Ordinal);
        Assert.Equal(0, _server.CountRows("timers"));
    }

    [Fact]
    public async Task Dashboard_ListsRefunds_AndItsButtonsMoveThem()
    {
        var id = await CreateAsync();
        using var client = await DashboardClient.SignedInAsMerchantAsync(_server, _merchant);

        var list = (await client.GetAsync("?kind=refund")).Html;
        var page = (await client.GetAsync($"objects/{id}")).Html;
        using var move = await client.PostAsync($"objects/{id}/sandbox/move", [("move", "succeeded")]);

        Assert.Contains("<option value=\"refund\"", list, StringComparison.Ordinal);
        Assert.Contains(id, list, StringComparison.Ordinal);
        Assert.Contains("12.50 EUR", list, StringComparison.Ordinal);
        Assert.Contains("value=\"succeeded\"", page, StringComparison.Ordinal);
        Assert.Contains("value=\"failed\"", page, StringComparison.Ordinal);
        Assert.Equal($"/objects/{id}?msg=moved", move.Headers.Location!.ToString());
        Assert.Equal("succeeded", (await _merchant.GetJsonAsync($"{RefundsPath}/{id}")).GetProperty("status").GetString());
    }

    private async Task<string> CreateAsync(string? webhookUrl = null, int? expiresIn = null)
    {
        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["amount"] = 1250,
            ["currency"] = "EUR",
            ["webhook_url"] = webhookUrl,
            ["expires_in"] = expiresIn,
        }.Where(f => f.Value is not null).ToDictionary());
        using var response = await _merchant.PostAsync(RefundsPath, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("refund_id").GetString()!;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"Expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(code, JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
    }

    private Task<HttpResponseMessage> MoveAsync(string id, string status) =>
        _server.ProcessorAsync($"processor/v1/refunds/{id}/status", JsonSerializer.Serialize(new { status }));

    /// Moves the clock past expires_at once the timer loop waits for it, and reads the refund once the loop has fired.
    private async Task<JsonElement> ExpireAsync(string id)
    {
        await _server.WaitForSettledAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(61));
        await _server.WaitForSettledAsync();
        return await _merchant.GetJsonAsync($"{RefundsPath}/{id}");
    }
}

public sealed class RefundTestsOnSqlite() : RefundTests(Backend.Sqlite);

public sealed class RefundTestsOnPostgres() : RefundTests(Backend.Postgres);
