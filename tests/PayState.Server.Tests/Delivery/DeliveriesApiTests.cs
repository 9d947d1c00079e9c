using System.Globalization;
using System.Net;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

public abstract class DeliveriesApiTests(Backend backend) : ServerTestBase(backend)
{
    private static readonly string[] ListFields =
        ["id", "event_id", "object_kind", "object_id", "url", "status", "attempts", "next_attempt_at", "last_status_code"];

    private static readonly string[] AttemptFields = ["attempted_at", "duration_ms", "status_code", "error", "response_body", "node"];

    [Fact]
    public async Task ListDeliveries_AfterSuccessfulWebhook_ShowsSucceededDeliveryWithAllFields()
    {
        var uuid = await CreateOrderAsync(Merchant, "/x");
        await Server.MoveOrderAsync(uuid, "Pending");
        var webhook = await Receiver.NextAsync();

        var delivery = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded"), "a succeeded delivery");
        var page = await Merchant.GetJsonAsync("/api/v1/webhook-deliveries");

        Assert.Equal(["data", "next_cursor"], page.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
        Assert.Equal(ListFields, delivery.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrWhiteSpace(delivery.GetProperty("id").GetString()));
        Assert.Equal(webhook.Header("webhook-id"), delivery.GetProperty("id").GetString());
        Assert.Equal("acquiring_order", delivery.GetProperty("object_kind").GetString());
        Assert.Equal(uuid, delivery.GetProperty("object_id").GetString());
        Assert.Equal(Receiver.UrlFor("/x"), delivery.GetProperty("url").GetString());
        Assert.Equal(1, delivery.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, delivery.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(204, delivery.GetProperty("last_status_code").GetInt32());
        var events = (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data");
        Assert.Equal(delivery.GetProperty("event_id").GetString(), Assert.Single(events.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task ListDeliveries_StatusFilter_AnswersOnlyDeliveriesInThatStatus()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_RETRY_SCHEDULE"] = "1,1" }, backend: Backend);
        var merchant = await server.CreateMerchantAsync();
        Receiver.Responder = r => r.Path switch
        {
            "/dead" or "/bad" => Task.FromResult(ReceiverAnswer.Status(500)),
            "/hang" => FakeReceiver.Hanging,
            _ => Task.FromResult(ReceiverAnswer.NoContent),
        };
        var dead = await CreateOrderAsync(merchant, "/dead");
        await server.MoveOrderAsync(dead, "Pending");
        await DriveToDeadAsync(server, merchant, dead);
        var ok = await CreateOrderAsync(merchant, "/ok");
        await server.MoveOrderAsync(ok, "Pending");
        await WaitForDeliveryAsync(merchant, d => Is(d, ok, "succeeded"), "the /ok delivery succeeded");
        var bad = await CreateOrderAsync(merchant, "/bad");
        await server.MoveOrderAsync(bad, "Pending");
        await WaitForDeliveryAsync(merchant, d => Is(d, bad, "failed"), "the /bad delivery failed");
        var hang = await CreateOrderAsync(merchant, "/hang");
        await server.MoveOrderAsync(hang, "Pending");
        await WaitUntilAsync(() => Receiver.All.Any(r => r.Path == "/hang"), "the /hang webhook reached the receiver");

        var expected = new Dictionary<string, string> { ["succeeded"] = ok, ["failed"] = bad, ["dead"] = dead, ["pending"] = hang };
        foreach (var (status, uuid) in expected)
        {
            var data = (await merchant.GetJsonAsync($"/api/v1/webhook-deliveries?status={status}")).GetProperty("data").EnumerateArray().ToList();
            var only = Assert.Single(data);
            Assert.Equal(status, only.GetProperty("status").GetString());
            Assert.Equal(uuid, only.GetProperty("object_id").GetString());
        }
        var all = (await merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data").EnumerateArray();
        Assert.Equal(expected.Values.Order(), all.Select(d => d.GetProperty("object_id").GetString()!).Order());
    }

    [Theory]
    [InlineData("status=bogus", "status")]
    [InlineData("status=SUCCEEDED", "status")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=x", "limit")]
    [InlineData("cursor=garbage", "cursor")]
    public async Task ListDeliveries_BadQuery_Answers400NamingParameter(string query, string field)
    {
        using var response = await Merchant.GetAsync($"/api/v1/webhook-deliveries?{query}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("invalid_request", problem.GetProperty("code").GetString());
        Assert.Contains(field, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListDeliveries_PagedByTwo_ReturnsEachDeliveryExactlyOnce()
    {
        var orders = new[] { await CreateOrderAsync(Merchant, "/p"), await CreateOrderAsync(Merchant, "/p"), await CreateOrderAsync(Merchant, "/p") };
        foreach (var uuid in orders) await Server.MoveOrderAsync(uuid, "Pending");
        await Server.MoveOrderAsync(orders[0], "Paid");
        await Server.MoveOrderAsync(orders[1], "Failed");
        await WaitUntilAsync(async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded")).GetProperty("data").GetArrayLength() == 5,
            "five succeeded deliveries");
        var everything = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data").EnumerateArray()
            .Select(d => d.GetProperty("id").GetString()!).ToList();

        var pages = new List<List<string>>();
        string? cursor = null;
        do
        {
            Assert.True(pages.Count < 10, "Paging did not end after 10 pages.");
            var page = await Merchant.GetJsonAsync(cursor is null ? "/api/v1/webhook-deliveries?limit=2" : $"/api/v1/webhook-deliveries?limit=2&cursor={cursor}");
            pages.Add(page.GetProperty("data").EnumerateArray().Select(d => d.GetProperty("id").GetString()!).ToList());
            cursor = page.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);

        Assert.Equal(5, everything.Count);
        Assert.Equal([2, 2, 1], pages.Select(p => p.Count));
        Assert.Equal(everything, pages.SelectMany(p => p));
    }

    [Fact]
    public async Task GetDelivery_AfterOneAttempt_IncludesAttemptLogWithReceiverAnswer()
    {
        Receiver.AnswerWith(new ReceiverAnswer(200, "thanks"));
        var uuid = await CreateOrderAsync(Merchant, "/log");
        Server.Clock.Advance(TimeSpan.FromSeconds(3));
        await Server.MoveOrderAsync(uuid, "Pending");
        var sentAt = Server.Clock.GetUtcNow();
        var listed = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded"), "a succeeded delivery");

        var delivery = await GetDeliveryAsync(Merchant, listed.GetProperty("id").GetString()!);

        Assert.Equal(ListFields, delivery.EnumerateObject().Select(p => p.Name).Where(ListFields.Contains));
        foreach (var field in ListFields) Assert.Equal(listed.GetProperty(field).GetRawText(), delivery.GetProperty(field).GetRawText());
        var attempt = Assert.Single(delivery.GetProperty("attempt_log").EnumerateArray());
        Assert.Equal(AttemptFields, attempt.EnumerateObject().Select(p => p.Name));
        Assert.Equal(WireTime(sentAt), attempt.GetProperty("attempted_at").GetString());
        Assert.True(attempt.GetProperty("duration_ms").GetInt32() >= 0);
        Assert.Equal(200, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, attempt.GetProperty("error").ValueKind);
        Assert.Equal("thanks", attempt.GetProperty("response_body").GetString());
    }

    [Fact]
    public async Task GetDelivery_ReceiverAnswersLongBody_KeepsFirst1024Bytes()
    {
        var body = string.Concat(Enumerable.Range(0, 400).Select(i => i.ToString("D4", CultureInfo.InvariantCulture)));
        Receiver.AnswerWith(new ReceiverAnswer(500, body));
        var uuid = await CreateOrderAsync(Merchant, "/long");
        await Server.MoveOrderAsync(uuid, "Pending");
        var listed = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "failed"), "a failed delivery");

        var delivery = await GetDeliveryAsync(Merchant, listed.GetProperty("id").GetString()!);

        var attempt = Assert.Single(delivery.GetProperty("attempt_log").EnumerateArray());
        Assert.Equal(500, attempt.GetProperty("status_code").GetInt32());
        Assert.Equal(body[..1024], attempt.GetProperty("response_body").GetString());
    }

    [Fact]
    public async Task GetDelivery_AnotherMerchantOrUnknownId_Answers404()
    {
        var uuid = await CreateOrderAsync(Merchant, "/mine");
        await Server.MoveOrderAsync(uuid, "Pending");
        var id = (await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded"), "a succeeded delivery")).GetProperty("id").GetString()!;
        var other = await Server.CreateMerchantAsync("Other shop");

        using var get = await other.GetAsync($"/api/v1/webhook-deliveries/{id}");
        using var retry = await other.SendAsync(HttpMethod.Post, $"/api/v1/webhook-deliveries/{id}/retry");
        using var unknown = await Merchant.GetAsync("/api/v1/webhook-deliveries/dlv_unknown");
        var othersList = (await other.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data");

        foreach (var response in new[] { get, retry, unknown })
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"Expected 404, got {(int)response.StatusCode}: {text}");
            Assert.Equal("not_found", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }
        Assert.Equal(0, othersList.GetArrayLength());
        await Server.WaitForSettledAsync();
        Assert.Single(Receiver.All);
    }

    [Fact]
    public async Task RetryDelivery_Succeeded_Answers202AndResendsSameEvent()
    {
        var uuid = await CreateOrderAsync(Merchant, "/again");
        await Server.MoveOrderAsync(uuid, "Pending");
        var first = await Receiver.NextAsync();
        var id = (await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded"), "a succeeded delivery")).GetProperty("id").GetString()!;

        using var response = await Merchant.SendAsync(HttpMethod.Post, $"/api/v1/webhook-deliveries/{id}/retry");
        var text = await response.Content.ReadAsStringAsync();
        var again = await Receiver.NextAsync();

        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Expected 202, got {(int)response.StatusCode}: {text}");
        Assert.Equal(id, JsonDocument.Parse(text).RootElement.GetProperty("id").GetString());
        Assert.Equal(first.Header("webhook-id"), again.Header("webhook-id"));
        Assert.Equal(first.Body, again.Body);
        Assert.Equal(first.Header("PayState-Sequence"), again.Header("PayState-Sequence"));
        Assert.Equal("/again", again.Path);
        WebhookAssert.SignedWith(again, Merchant.WebhookSecret);
        var after = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded", attempts: 2), "the retried delivery succeeded");
        Assert.Equal(2, (await GetDeliveryAsync(Merchant, id)).GetProperty("attempt_log").GetArrayLength());
        Assert.Equal(id, after.GetProperty("id").GetString());
    }

    [Fact]
    public async Task RetryDelivery_WhileBeingSent_Answers409DeliveryInFlightAndSendsNothingExtra()
    {
        var answer = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Responder = _ => answer.Task;
        var uuid = await CreateOrderAsync(Merchant, "/held");
        await Server.MoveOrderAsync(uuid, "Pending");
        await Receiver.NextAsync();
        var id = (await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "pending", attempts: 0), "the delivery being sent")).GetProperty("id").GetString()!;

        using (var response = await Merchant.SendAsync(HttpMethod.Post, $"/api/v1/webhook-deliveries/{id}/retry"))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.Conflict, $"Expected 409, got {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("delivery_in_flight", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        }

        // The refused retry changed nothing: the send in flight finishes as the one attempt, and no second one follows.
        answer.SetResult(ReceiverAnswer.NoContent);
        var succeeded = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded"), "the in-flight send recorded");
        Assert.Equal(1, succeeded.GetProperty("attempts").GetInt32());
        await Server.WaitForSettledAsync();
        Assert.Single(Receiver.All);

        // Once its outcome is recorded, the same retry is accepted.
        using var again = await Merchant.SendAsync(HttpMethod.Post, $"/api/v1/webhook-deliveries/{id}/retry");
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await WaitUntilAsync(() => Receiver.All.Count == 2, "the accepted retry sent");
    }

    [Fact]
    public async Task FailedDelivery_ReceiverFixedAndClockPastRetryDelay_SucceedsWithTwoAttempts()
    {
        Receiver.AnswerWith(500);
        var uuid = await CreateOrderAsync(Merchant, "/flaky");
        await Server.MoveOrderAsync(uuid, "Pending");
        var attemptedAt = Server.Clock.GetUtcNow();
        var first = await Receiver.NextAsync();

        var failed = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "failed", attempts: 1), "a failed delivery");
        Assert.Equal(500, failed.GetProperty("last_status_code").GetInt32());
        var nextAttemptAt = ParseWireTime(failed.GetProperty("next_attempt_at").GetString()!);
        Assert.InRange(nextAttemptAt, attemptedAt + TimeSpan.FromSeconds(1), attemptedAt + TimeSpan.FromSeconds(1.2));
        await Server.WaitForSettledAsync();
        Assert.Single(Receiver.All);

        Receiver.AnswerWith(204);
        await SettledThenAdvanceAsync(Server, TimeSpan.FromSeconds(2));
        var second = await Receiver.NextAsync();
        var succeeded = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "succeeded"), "the retried delivery succeeded");

        Assert.Equal(first.Header("webhook-id"), second.Header("webhook-id"));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(2, succeeded.GetProperty("attempts").GetInt32());
        Assert.Equal(204, succeeded.GetProperty("last_status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, succeeded.GetProperty("next_attempt_at").ValueKind);
        var log = (await GetDeliveryAsync(Merchant, succeeded.GetProperty("id").GetString()!)).GetProperty("attempt_log").EnumerateArray().ToList();
        Assert.Equal([500, 204], log.Select(a => a.GetProperty("status_code").GetInt32()));
        Assert.Equal(WireTime(attemptedAt), log[0].GetProperty("attempted_at").GetString());
        Assert.Equal(2, Receiver.All.Count);
    }

    [Fact]
    public async Task FailingReceiver_ShortSchedule_DeadAfterThreeAttemptsAndRetrySendsAgain()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_RETRY_SCHEDULE"] = "1,1" }, backend: Backend);
        var merchant = await server.CreateMerchantAsync();
        Receiver.AnswerWith(500);
        var uuid = await CreateOrderAsync(merchant, "/down");
        await server.MoveOrderAsync(uuid, "Pending");

        var dead = await DriveToDeadAsync(server, merchant, uuid);

        Assert.Equal(3, dead.GetProperty("attempts").GetInt32());
        Assert.Equal(500, dead.GetProperty("last_status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);
        server.Clock.Advance(TimeSpan.FromSeconds(30));
        await server.WaitForSettledAsync();
        Assert.Equal(3, Receiver.All.Count);
        Assert.Single(Receiver.All.Select(r => r.Header("webhook-id")).Distinct());
        var id = dead.GetProperty("id").GetString()!;
        Assert.Equal([500, 500, 500],
            (await GetDeliveryAsync(merchant, id)).GetProperty("attempt_log").EnumerateArray().Select(a => a.GetProperty("status_code").GetInt32()));

        // A replay of a dead delivery is sent at once.
        using (var retry = await merchant.SendAsync(HttpMethod.Post, $"/api/v1/webhook-deliveries/{id}/retry"))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }
        await WaitUntilAsync(() => Receiver.All.Count >= 4, "the replayed webhook");
        var replay = Receiver.All[3];
        Assert.Equal(Receiver.All[0].Header("webhook-id"), replay.Header("webhook-id"));
        Assert.Equal(Receiver.All[0].Body, replay.Body);
        await WaitForDeliveryAsync(merchant, d => Is(d, uuid, null, attempts: 4) && d.GetProperty("status").GetString() != "pending", "the replay recorded");

        // And once the receiver is back, a replay succeeds.
        Receiver.AnswerWith(204);
        using (var retry = await merchant.SendAsync(HttpMethod.Post, $"/api/v1/webhook-deliveries/{id}/retry"))
        {
            Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        }
        var succeeded = await WaitForDeliveryAsync(merchant, d => Is(d, uuid, "succeeded"), "the replay succeeded");
        Assert.Equal(5, succeeded.GetProperty("attempts").GetInt32());
        Assert.Equal(5, Receiver.All.Count);
    }

    [Fact]
    public async Task Ordering_FirstEventFails_NextEventOfSameObjectWaitsUntilItSucceeds()
    {
        var calls = 0;
        Receiver.Responder = _ => Task.FromResult(Interlocked.Increment(ref calls) == 1 ? ReceiverAnswer.Status(500) : ReceiverAnswer.NoContent);
        var uuid = await CreateOrderAsync(Merchant, "/x");

        await Server.MoveOrderAsync(uuid, "Pending");
        await Server.MoveOrderAsync(uuid, "Paid");
        var firstDelivery = (await Receiver.NextAsync()).Header("webhook-id");
        var failed = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "failed", attempts: 1), "the first event failed");
        await Server.WaitForSettledAsync();

        // Held back while the earlier event is open: nothing sent, the later delivery untouched.
        Assert.Single(Receiver.All);
        Assert.Equal(firstDelivery, failed.GetProperty("id").GetString());
        var held = await WaitForDeliveryAsync(Merchant, d => Is(d, uuid, "pending") && d.GetProperty("id").GetString() != firstDelivery, "the held delivery");
        Assert.Equal(0, held.GetProperty("attempts").GetInt32());

        await SettledThenAdvanceAsync(Server, TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => Receiver.All.Count >= 3, "three webhooks");
        await WaitUntilAsync(async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded")).GetProperty("data").GetArrayLength() == 2,
            "both deliveries succeeded");

        var all = Receiver.All;
        Assert.Equal(["2", "2", "3"], all.Select(r => r.Header("PayState-Sequence") ?? "none"));
        Assert.Equal(firstDelivery, all[1].Header("webhook-id"));
        Assert.Equal(held.GetProperty("id").GetString(), all[2].Header("webhook-id"));
        Assert.Equal(3, JsonDocument.Parse(all[2].Body).RootElement.GetProperty("data").GetProperty("status_id").GetInt32());
    }

    [Fact]
    public async Task Ordering_OneObjectFailing_OtherObjectsStillDelivered()
    {
        Receiver.Responder = r => Task.FromResult(r.Path == "/bad" ? ReceiverAnswer.Status(500) : ReceiverAnswer.NoContent);
        var failing = await CreateOrderAsync(Merchant, "/bad");
        var healthy = await CreateOrderAsync(Merchant, "/good");

        await Server.MoveOrderAsync(failing, "Pending");
        await WaitForDeliveryAsync(Merchant, d => Is(d, failing, "failed", attempts: 1), "the failing object's first delivery failed");
        await Server.MoveOrderAsync(failing, "Paid");
        await Server.MoveOrderAsync(healthy, "Pending");
        await Server.MoveOrderAsync(healthy, "Paid");

        // No clock advance: the failing object's retry is not due, yet the other object's events flow.
        await WaitUntilAsync(() => Receiver.All.Count(r => r.Path == "/good") >= 2, "both webhooks of the healthy object");
        Assert.Equal(["2", "3"], Receiver.All.Where(r => r.Path == "/good").Select(r => r.Header("PayState-Sequence") ?? "none"));
        Assert.Single(Receiver.All, r => r.Path == "/bad");
        // The receiver holds the request a moment before the dispatcher has recorded its answer.
        List<JsonElement> deliveries = [];
        await WaitUntilAsync(async () =>
        {
            deliveries = [.. (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data").EnumerateArray()];
            return deliveries.Count(d => Is(d, healthy, "succeeded")) == 2;
        }, "both deliveries of the healthy object recorded as succeeded");
        Assert.Single(deliveries, d => Is(d, failing, "failed"));
        Assert.Single(deliveries, d => Is(d, failing, "pending"));
    }

    /// Takes a delivery failing with the "1,1" schedule from its first failed attempt to dead.
    private static async Task<JsonElement> DriveToDeadAsync(TestServer server, MerchantClient merchant, string uuid)
    {
        await WaitForDeliveryAsync(merchant, d => Is(d, uuid, "failed", attempts: 1), "the first attempt failed");
        await SettledThenAdvanceAsync(server, TimeSpan.FromSeconds(2));
        await WaitForDeliveryAsync(merchant, d => Is(d, uuid, "failed", attempts: 2), "the second attempt failed");
        await SettledThenAdvanceAsync(server, TimeSpan.FromSeconds(2));
        return await WaitForDeliveryAsync(merchant, d => Is(d, uuid, "dead", attempts: 3), "the delivery dead after three attempts");
    }

    /// Called once the failed attempt is visible in the API: waits until the dispatcher sleeps until its retry on the
    /// fake clock (it goes round once more after recording), then moves the clock past the retry delay.
    private static async Task SettledThenAdvanceAsync(TestServer server, TimeSpan by)
    {
        await server.WaitForSettledAsync();
        server.Clock.Advance(by);
    }

    private static bool Is(JsonElement delivery, string objectId, string? status, int? attempts = null) =>
        delivery.GetProperty("object_id").GetString() == objectId
        && (status is null || delivery.GetProperty("status").GetString() == status)
        && (attempts is null || delivery.GetProperty("attempts").GetInt32() == attempts);

    private async Task<string> CreateOrderAsync(MerchantClient merchant, string path) =>
        (await merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor(path) }))
        .GetProperty("uuid").GetString()!;

    private static async Task<JsonElement> GetDeliveryAsync(MerchantClient merchant, string id) =>
        await merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{id}");

    /// The dispatcher works in the background: polls the deliveries API for a matching delivery.
    private static async Task<JsonElement> WaitForDeliveryAsync(MerchantClient merchant, Func<JsonElement, bool> match, string what)
    {
        var page = default(JsonElement);
        JsonElement? found = null;
        try
        {
            await Eventually.HoldsAsync(async () =>
            {
                page = await merchant.GetJsonAsync("/api/v1/webhook-deliveries?limit=500");
                found = page.GetProperty("data").EnumerateArray().Where(match).Select(d => (JsonElement?)d.Clone()).FirstOrDefault();
                return found is not null;
            }, what);
        }
        catch (TimeoutException e)
        {
            Assert.Fail($"{e.Message} Deliveries: {page.GetRawText()}");
        }
        return found!.Value;
    }

    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.HoldsAsync(condition, what);

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) => Eventually.HoldsAsync(condition, what);

    private static string WireTime(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseWireTime(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}

public sealed class DeliveriesApiTestsOnSqlite() : DeliveriesApiTests(Backend.Sqlite);

public sealed class DeliveriesApiTestsOnPostgres() : DeliveriesApiTests(Backend.Postgres);
