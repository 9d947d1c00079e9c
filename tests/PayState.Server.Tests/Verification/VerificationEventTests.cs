using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Verification;

/// Spec sections 5-7 for verification sessions: every change is POSTed to piv_events_url as the seed's body
/// with Paysafe's Signature header and the Standard Webhooks headers, and is listed by the events and
/// deliveries APIs.
public abstract class VerificationEventTests(Backend backend) : IAsyncLifetime
{
    private const string SessionsPath = "/api/v1/piv/sessions";
    private const string EventsPath = "/piv/events";

    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _receiver = await FakeReceiver.StartAsync();
        _merchant = await _server.CreateMerchantAsync("PIV shop", new { name = "PIV shop", piv_events_url = _receiver.UrlFor(EventsPath) });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task WholeFlow_ActiveToCompleted_SendsThreeSeedBodiesSignedBothWaysInSequence()
    {
        var id = await CreateSessionAsync("c-123");
        Assert.Equal(0, _server.CountRows("deliveries"));

        var sent = new List<(string Status, DateTimeOffset At, ReceivedRequest Webhook)>();
        foreach (var status in new[] { "AWAITING_USER_INPUT", "ONGOING_VERIFICATION", "COMPLETED" })
        {
            _server.Clock.Advance(TimeSpan.FromSeconds(10));
            var at = _server.Clock.GetUtcNow();
            await MoveOkAsync(id, status);
            var webhook = await _receiver.NextAsync();
            await _merchant.WaitForDeliveriesSettledAsync();
            sent.Add((status, at, webhook));
        }

        Assert.Equal(["2026-01-01T12:00:10.000000Z", "2026-01-01T12:00:20.000000Z", "2026-01-01T12:00:30.000000Z"], sent.Select(s => Wire(s.At)));
        Assert.Equal(["2", "3", "4"], sent.Select(s => s.Webhook.Header("PayState-Sequence")));
        for (var i = 0; i < sent.Count; i++)
        {
            var (status, at, webhook) = sent[i];
            var eventId = await _merchant.EventIdOfAsync(webhook);
            Assert.Equal(
                $$"""{"id":"{{eventId}}","sessionId":"{{id}}","customerId":"c-123","sessionStatus":"{{status}}","timestamp":"{{Wire(at)}}"}""",
                webhook.BodyText);
            AssertDelivered(webhook, _merchant.WebhookSecret, at);
        }
        Assert.Equal(3, sent.Select(s => s.Webhook.Header("webhook-id")).Distinct().Count());
        Assert.Equal(3, _receiver.All.Count);
    }

    [Fact]
    public async Task FailedChange_WithReason_BodyCarriesStatusReasonRightAfterSessionStatus()
    {
        var id = await CreateSessionAsync("cust-77");
        _server.Clock.Advance(TimeSpan.FromSeconds(10));
        await MoveOkAsync(id, "AWAITING_USER_INPUT");
        var first = await _receiver.NextAsync();
        await _merchant.WaitForDeliveriesSettledAsync();
        Assert.DoesNotContain("statusReason", first.BodyText, StringComparison.Ordinal);

        _server.Clock.Advance(TimeSpan.FromSeconds(10));
        var at = _server.Clock.GetUtcNow();
        await MoveOkAsync(id, "FAILED", "USER_ABANDONED_PROCESS");
        var webhook = await _receiver.NextAsync();

        Assert.Equal(
            $$"""{"id":"{{await _merchant.EventIdOfAsync(webhook)}}","sessionId":"{{id}}","customerId":"cust-77","sessionStatus":"FAILED","statusReason":"USER_ABANDONED_PROCESS","timestamp":"2026-01-01T12:00:20.000000Z"}""",
            webhook.BodyText);
        Assert.Equal("3", webhook.Header("PayState-Sequence"));
        AssertDelivered(webhook, _merchant.WebhookSecret, at);
    }

    [Fact]
    public async Task Ordering_ThreeChangesBackToBackWithSlowReceiver_ArriveInSequenceOrderOneAtATime()
    {
        var id = await CreateSessionAsync("c-123");
        var inFlight = 0;
        var overlapped = false;
        _receiver.Responder = async _ =>
        {
            if (Interlocked.Increment(ref inFlight) > 1) overlapped = true;
            // Slow on purpose: a later event sent before this one is answered would overlap it.
            await Task.Delay(300);
            Interlocked.Decrement(ref inFlight);
            return ReceiverAnswer.NoContent;
        };

        await MoveOkAsync(id, "ONGOING_VERIFICATION");
        await MoveOkAsync(id, "AWAITING_USER_INPUT");
        await MoveOkAsync(id, "FAILED", "USER_INTERACTION_ERROR");
        var webhooks = new[] { await _receiver.NextAsync(), await _receiver.NextAsync(), await _receiver.NextAsync() };
        await _merchant.WaitForDeliveriesSettledAsync();

        Assert.Equal(["2", "3", "4"], webhooks.Select(w => w.Header("PayState-Sequence")));
        Assert.Equal(
            ["ONGOING_VERIFICATION", "AWAITING_USER_INPUT", "FAILED"],
            webhooks.Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("sessionStatus").GetString()));
        Assert.False(overlapped, "A later event of the session was sent before the earlier one was answered.");
        Assert.Equal(3, _receiver.All.Count);
    }

    [Fact]
    public async Task EventsApi_AfterFlow_ListsEachChangeWithPivSessionKindSequenceAndDeliveredBody()
    {
        var id = await CreateSessionAsync("c-123");
        var webhooks = new List<ReceivedRequest>();
        var times = new List<DateTimeOffset>();
        foreach (var (status, reason) in new[] { ("ONGOING_VERIFICATION", (string?)null), ("AWAITING_USER_INPUT", null), ("FAILED", "MISSING_DETAILS") })
        {
            _server.Clock.Advance(TimeSpan.FromSeconds(2));
            times.Add(_server.Clock.GetUtcNow());
            await MoveOkAsync(id, status, reason);
            webhooks.Add(await _receiver.NextAsync());
            await _merchant.WaitForDeliveriesSettledAsync();
        }

        var events = (await _merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(3, events.Count);
        string[] types = ["piv_session.ongoing_verification", "piv_session.awaiting_user_input", "piv_session.failed"];
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            Assert.Equal(await _merchant.EventIdOfAsync(webhooks[i]), e.GetProperty("id").GetString());
            Assert.Equal(types[i], e.GetProperty("type").GetString());
            Assert.Equal("piv_session", e.GetProperty("object_kind").GetString());
            Assert.Equal(id, e.GetProperty("object_id").GetString());
            Assert.Equal(i + 2, e.GetProperty("sequence").GetInt32());
            Assert.Equal(Wire(times[i]), e.GetProperty("created_at").GetString());
            Assert.Equal(webhooks[i].BodyText, e.GetProperty("payload").GetRawText());
        }
        Assert.Equal("MISSING_DETAILS", events[2].GetProperty("payload").GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task DeliveriesApi_AfterFlow_ListsEachAsSucceededPivSessionDelivery()
    {
        var id = await CreateSessionAsync("c-123");
        var eventIds = new List<string>();
        foreach (var status in new[] { "ONGOING_VERIFICATION", "COMPLETED" })
        {
            await MoveOkAsync(id, status);
            eventIds.Add(await _merchant.EventIdOfAsync(await _receiver.NextAsync()));
            await _merchant.WaitForDeliveriesSettledAsync();
        }

        var deliveries = (await _merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data").EnumerateArray().ToList();
        var succeeded = (await _merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded")).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(2, deliveries.Count);
        Assert.Equal(2, succeeded.Count);
        Assert.Equal(eventIds.Order(StringComparer.Ordinal), deliveries.Select(d => d.GetProperty("event_id").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(deliveries, d =>
        {
            Assert.Equal("piv_session", d.GetProperty("object_kind").GetString());
            Assert.Equal(id, d.GetProperty("object_id").GetString());
            Assert.Equal(_receiver.UrlFor(EventsPath), d.GetProperty("url").GetString());
            Assert.Equal("succeeded", d.GetProperty("status").GetString());
            Assert.Equal(1, d.GetProperty("attempts").GetInt32());
            Assert.Equal(204, d.GetProperty("last_status_code").GetInt32());
        });
    }

    [Fact]
    public async Task NoPivEventsUrl_Changes_SendNothingButKeepEveryEvent()
    {
        var plain = await _server.CreateMerchantAsync("No hooks shop");
        using var created = await plain.PostAsync(SessionsPath, """{"customerId":"c-9"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString()!;

        await MoveOkAsync(id, "AWAITING_USER_INPUT");
        await MoveOkAsync(id, "ONGOING_VERIFICATION");
        await MoveOkAsync(id, "FAILED", "INSTRUMENT_NOT_UNIQUE");
        await _server.WaitForSettledAsync();

        Assert.Equal(0, _server.CountRows("deliveries"));
        Assert.Empty(_receiver.All);
        Assert.Equal(0, (await plain.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data").GetArrayLength());
        var events = (await plain.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4], events.Select(e => e.GetProperty("sequence").GetInt32()));
        Assert.All(events, e => Assert.Equal("piv_session", e.GetProperty("object_kind").GetString()));
        Assert.All(events, e => Assert.Equal(id, e.GetProperty("object_id").GetString()));
        Assert.Equal(
            ["AWAITING_USER_INPUT", "ONGOING_VERIFICATION", "FAILED"],
            events.Select(e => e.GetProperty("payload").GetProperty("sessionStatus").GetString()));
        var last = events[2].GetProperty("payload");
        Assert.Equal(
            $$"""{"id":"{{events[2].GetProperty("id").GetString()}}","sessionId":"{{id}}","customerId":"c-9","sessionStatus":"FAILED","statusReason":"INSTRUMENT_NOT_UNIQUE","timestamp":"2026-01-01T12:00:00.000000Z"}""",
            last.GetRawText());
    }

    [Fact]
    public async Task Expiry_SessionOpenAtExpiresAt_SendsFailedSessionExpiredEvent()
    {
        var id = await CreateSessionAsync("c-123", expiresIn: 60);
        await _server.WaitForSettledAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(5));
        await MoveOkAsync(id, "AWAITING_USER_INPUT");
        await _receiver.NextAsync();
        await _merchant.WaitForDeliveriesSettledAsync();

        _server.Clock.Advance(TimeSpan.FromSeconds(55));
        var webhook = await _receiver.NextAsync();

        Assert.Equal(
            $$"""{"id":"{{await _merchant.EventIdOfAsync(webhook)}}","sessionId":"{{id}}","customerId":"c-123","sessionStatus":"FAILED","statusReason":"SESSION_EXPIRED","timestamp":"2026-01-01T12:01:00.000000Z"}""",
            webhook.BodyText);
        Assert.Equal("3", webhook.Header("PayState-Sequence"));
        AssertDelivered(webhook, _merchant.WebhookSecret, new DateTimeOffset(2026, 1, 1, 12, 1, 0, TimeSpan.Zero));
        await _merchant.WaitForDeliveriesSettledAsync();
        var events = (await _merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal("piv_session.failed", events[^1].GetProperty("type").GetString());
        Assert.Equal(webhook.BodyText, events[^1].GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task Expiry_DueWhileServerWasDown_SendsFailedSessionExpiredEventAfterRestart()
    {
        var id = await CreateSessionAsync("c-123", expiresIn: 60);
        await _server.StopAsync();
        _server.Clock.Advance(TimeSpan.FromSeconds(120));

        await _server.StartAsync();
        var webhook = await _receiver.NextAsync();

        var body = JsonDocument.Parse(webhook.Body).RootElement;
        Assert.Equal(id, body.GetProperty("sessionId").GetString());
        Assert.Equal("FAILED", body.GetProperty("sessionStatus").GetString());
        Assert.Equal("SESSION_EXPIRED", body.GetProperty("statusReason").GetString());
        Assert.Equal("2", webhook.Header("PayState-Sequence"));
        AssertDelivered(webhook, _merchant.WebhookSecret, _server.Clock.GetUtcNow());
    }

    [Fact]
    public async Task Rotation_DuringOverlap_SignatureKeepsTheOldSecretAndWebhookSignatureCarriesBoth()
    {
        var id = await CreateSessionAsync("c-123", expiresIn: 604800);
        var oldSecret = _merchant.WebhookSecret;
        using var rotate = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{_merchant.TerminalUuid}/rotate", "");
        var rotateText = await rotate.Content.ReadAsStringAsync();
        Assert.True(rotate.StatusCode == HttpStatusCode.OK, $"Rotate answered {(int)rotate.StatusCode}: {rotateText}");
        var rotated = JsonDocument.Parse(rotateText).RootElement;
        var newSecret = rotated.GetProperty("webhook_secret").GetString()!;
        _merchant.ApiSecret = rotated.GetProperty("api_secret").GetString()!;
        _merchant.WebhookSecret = newSecret;
        Assert.NotEqual(oldSecret, newSecret);

        // To the last moment of the 24 h overlap, a receiver that verifies Signature with the old secret keeps working.
        _server.Clock.Advance(TimeSpan.FromMinutes(1));
        await MoveOkAsync(id, "ONGOING_VERIFICATION");
        var first = await _receiver.NextAsync();
        await _merchant.WaitForDeliveriesSettledAsync();
        _server.Clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(1) - TimeSpan.FromSeconds(1));
        await MoveOkAsync(id, "FAILED", "UNSUPPORTED_BANK");
        var last = await _receiver.NextAsync();

        foreach (var webhook in new[] { first, last })
        {
            Assert.Equal(PaysafeSignatureOf(webhook.Body, oldSecret), webhook.Header("Signature"));
            Assert.NotEqual(PaysafeSignatureOf(webhook.Body, newSecret), webhook.Header("Signature"));
            Assert.Equal(2, webhook.Header("webhook-signature")!.Split(' ').Length);
            WebhookAssert.SignedWith(webhook, newSecret);
            WebhookAssert.SignedWith(webhook, oldSecret);
            AssertDelivered(webhook, oldSecret, null);
        }
    }

    [Fact]
    public async Task Rotation_AfterOverlapEnds_OnlyNewSecretSigns()
    {
        var id = await CreateSessionAsync("c-123", expiresIn: 604800);
        var oldSecret = _merchant.WebhookSecret;
        using var rotate = await _server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{_merchant.TerminalUuid}/rotate", "");
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var rotated = JsonDocument.Parse(await rotate.Content.ReadAsStringAsync()).RootElement;
        var newSecret = rotated.GetProperty("webhook_secret").GetString()!;
        _merchant.ApiSecret = rotated.GetProperty("api_secret").GetString()!;

        _server.Clock.Advance(TimeSpan.FromHours(25));
        await MoveOkAsync(id, "ONGOING_VERIFICATION");
        var webhook = await _receiver.NextAsync();

        Assert.Equal(PaysafeSignatureOf(webhook.Body, newSecret), webhook.Header("Signature"));
        Assert.Single(webhook.Header("webhook-signature")!.Split(' '));
        WebhookAssert.SignedWith(webhook, newSecret);
        Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => WebhookAssert.SignedWith(webhook, oldSecret));
        await _merchant.WaitForDeliveriesSettledAsync();
    }

    [Fact]
    public async Task PivEventsUrl_SetLaterByPatch_OnlyLaterChangesAreSent()
    {
        var plain = await _server.CreateMerchantAsync("Late hooks shop");
        using var created = await plain.PostAsync(SessionsPath, """{"customerId":"c-5"}""");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString()!;
        await MoveOkAsync(id, "ONGOING_VERIFICATION");

        using var patch = await _server.AdminAsync(
            HttpMethod.Patch, $"admin/v1/merchants/{plain.MerchantId}", JsonSerializer.Serialize(new { piv_events_url = _receiver.UrlFor(EventsPath) }));
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await MoveOkAsync(id, "COMPLETED");
        var webhook = await _receiver.NextAsync();
        await plain.WaitForDeliveriesSettledAsync();

        Assert.Equal("COMPLETED", JsonDocument.Parse(webhook.Body).RootElement.GetProperty("sessionStatus").GetString());
        Assert.Equal("3", webhook.Header("PayState-Sequence"));
        AssertDelivered(webhook, plain.WebhookSecret, _server.Clock.GetUtcNow());
        Assert.Single(_receiver.All);
    }

    // ---- helpers ----

    /// What every /piv/events POST carries: path, JSON content type, Paysafe's Signature over the raw body,
    /// and valid Standard Webhooks headers stamped at the given time (when known).
    private static void AssertDelivered(ReceivedRequest webhook, string webhookSecret, DateTimeOffset? at)
    {
        Assert.Equal("POST", webhook.Method);
        Assert.Equal(EventsPath, webhook.Path);
        Assert.Equal("application/json", webhook.Header("Content-Type"));
        Assert.Equal(PaysafeSignatureOf(webhook.Body, webhookSecret), webhook.Header("Signature"));
        WebhookAssert.SignedWith(webhook, webhookSecret);
        // The body's id is the event's; webhook-id is the message's (the delivery's), never the same.
        Assert.StartsWith("evt_", JsonDocument.Parse(webhook.Body).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("dlv_", webhook.Header("webhook-id"), StringComparison.Ordinal);
        if (at is { } time)
            Assert.Equal(time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), webhook.Header("webhook-timestamp"));
    }

    private static string PaysafeSignatureOf(byte[] body, string webhookSecret) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(webhookSecret["whsec_".Length..]), body));

    private static string Wire(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private async Task<string> CreateSessionAsync(string customerId, int? expiresIn = null)
    {
        var body = expiresIn is { } seconds
            ? JsonSerializer.Serialize(new { customerId, expiresIn = seconds })
            : JsonSerializer.Serialize(new { customerId });
        using var response = await _merchant.PostAsync(SessionsPath, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Create answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("sessionId").GetString()!;
    }

    private async Task MoveOkAsync(string id, string status, string? reason = null)
    {
        var body = reason is null
            ? JsonSerializer.Serialize(new { sessionStatus = status })
            : JsonSerializer.Serialize(new { sessionStatus = status, statusReason = reason });
        using var response = await _server.ProcessorAsync($"processor/v1/piv/sessions/{id}/status", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Moving {id} to {status} answered {(int)response.StatusCode}: {text}");
    }
}

public sealed class VerificationEventTestsOnSqlite() : VerificationEventTests(Backend.Sqlite);

public sealed class VerificationEventTestsOnPostgres() : VerificationEventTests(Backend.Postgres);
