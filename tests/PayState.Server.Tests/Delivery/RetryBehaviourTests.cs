using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// Each way a receiver can fail, with the retry that follows and the final state, on the fake clock.
/// The server runs the sandbox schedule: 1, 2, 4, 8, 16, 32, 60 s (+ up to 20 % jitter).
public abstract class RetryBehaviourTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task ServerErrors_ThenSuccess_RetriedOnScheduleUntilDelivered()
    {
        Receiver.AnswerWith(500);
        var delivery = await ChangeOrderAsync("/hook");

        var first = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        AssertFailedWithNextAttemptWithin(first, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.Equal(500, first.GetProperty("last_status_code").GetInt32());

        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var second = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2);
        AssertFailedWithNextAttemptWithin(second, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.4));

        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(2.4));
        var third = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 3);
        Assert.Equal("succeeded", third.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, third.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(3, Receiver.All.Count);
        Assert.Single(Receiver.All.Select(r => r.Header("webhook-id")).Distinct());
    }

    [Fact]
    public async Task Hang_AttemptTimeoutOnTheServerClock_CountsAsFailureAndIsRetried()
    {
        Receiver.Hang();
        var delivery = await ChangeOrderAsync("/slow");
        await Receiver.NextAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(14));
        await Server.WaitForSettledAsync(sending: 1);
        Assert.Equal(0, (await Merchant.GetDeliveryAsync(delivery)).GetProperty("attempts").GetInt32());

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("timeout", failed.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        // Ended at 15 s on the server's clock: a timeout that fired at the 14 s looked at above would say so here.
        Assert.Equal(15_000, failed.GetProperty("attempt_log")[0].GetProperty("duration_ms").GetInt32());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("last_status_code").ValueKind);

        Receiver.AnswerWith(200);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal("succeeded", (await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ClosedConnection_IsAConnectionError_RetriedOnScheduleAndDeliveredOnceAnswered()
    {
        Receiver.CloseConnection();
        var delivery = await ChangeOrderAsync("/close");

        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        AssertFailedWithNextAttemptWithin(failed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.StartsWith("connection error", failed.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("last_status_code").ValueKind);

        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var delivered = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2);

        Assert.Equal("succeeded", delivered.GetProperty("status").GetString());
        Assert.Equal(204, delivered.GetProperty("last_status_code").GetInt32());
        Assert.Equal(2, Receiver.All.Count);
        Assert.Single(Receiver.All.Select(r => r.Header("webhook-id")).Distinct());
    }

    [Fact]
    public async Task ReceiverDown_IsAConnectionError_RetriedOnScheduleAndDeliveredOnceItIsUp()
    {
        var url = FakeReceiver.UnreachableUrl();
        var delivery = await ChangeOrderAsync(url: url);

        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        AssertFailedWithNextAttemptWithin(failed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.Contains("connection error", failed.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        // Still down at the second attempt: failed again, the third scheduled 2 s (+ jitter) later.
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var second = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2);
        AssertFailedWithNextAttemptWithin(second, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.4));

        await using var backUp = await FakeReceiver.StartAsync(port: new Uri(url).Port);
        Server.Clock.Advance(TimeSpan.FromSeconds(2.4));
        var delivered = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 3);

        Assert.Equal("succeeded", delivered.GetProperty("status").GetString());
        var received = Assert.Single(backUp.All);
        Assert.Equal("/down", received.Path);
        WebhookAssert.SignedWith(received, Merchant.WebhookSecret);
    }

    [Theory]
    [InlineData("seconds", 2, 2.0, 2.0)] // between one and two times the 1 s delay: honoured as asked
    [InlineData("date", 2, 2.0, 2.0)]
    [InlineData("seconds", 1000, 2.0, 2.4)] // far beyond: capped at twice the scheduled delay (1 s + up to 20 % jitter)
    [InlineData("date", 1000, 2.0, 2.4)]
    public async Task RetryAfter_IsHonouredWithinOneToTwoTimesTheScheduledDelay(string form, int seconds, double minSeconds, double maxSeconds)
    {
        // The fake clock stands on a whole second, so an HTTP date (whole seconds) says exactly what is meant.
        var answered = 0;
        Receiver.Responder = _ =>
        {
            if (Interlocked.Increment(ref answered) > 1) return Task.FromResult(ReceiverAnswer.NoContent);
            var value = form == "date"
                ? (Server.Clock.GetUtcNow() + TimeSpan.FromSeconds(seconds)).ToString("R", System.Globalization.CultureInfo.InvariantCulture)
                : seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult(ReceiverAnswer.RetryAfter(503, value));
        };
        var delivery = await ChangeOrderAsync("/busy");

        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        AssertFailedWithNextAttemptWithin(failed, TimeSpan.FromSeconds(minSeconds), TimeSpan.FromSeconds(maxSeconds));

        // Not before the receiver asked (the schedule alone would have retried by 1.2 s)...
        var due = NextAttemptAt(failed) - Server.Clock.GetUtcNow();
        Server.Clock.Advance(due - TimeSpan.FromMilliseconds(100));
        await Server.WaitForSettledAsync();
        Assert.Single(Receiver.All);

        // ...and at the honoured time it goes, and is delivered.
        Server.Clock.Advance(TimeSpan.FromMilliseconds(100));
        var delivered = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2);
        Assert.Equal("succeeded", delivered.GetProperty("status").GetString());
        Assert.Equal(2, Receiver.All.Count);
    }

    [Fact]
    public async Task StalledBody_AttemptTimeoutCoversTheWholeAnswer_FailsAndIsRetried()
    {
        Receiver.StallBody();
        using var headers = new ResponseHeadersListener(Receiver.BaseUri.Port);
        var delivery = await ChangeOrderAsync("/stall");
        // The server's client has the 200 and its headers: from here only the body is outstanding.
        await headers.Seen.WaitAsync(TimeSpan.FromSeconds(10));

        Server.Clock.Advance(TimeSpan.FromSeconds(14));
        await Server.WaitForSettledAsync(sending: 1);
        Assert.Equal(0, (await Merchant.GetDeliveryAsync(delivery)).GetProperty("attempts").GetInt32());

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("timeout", failed.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        // Ended at 15 s on the server's clock: a timeout that fired at the 14 s looked at above would say so here.
        Assert.Equal(15_000, failed.GetProperty("attempt_log")[0].GetProperty("duration_ms").GetInt32());

        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        Assert.Equal("succeeded", (await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Redirect_IsNotFollowedAndCountsAsFailure()
    {
        Receiver.AnswerWith(new ReceiverAnswer(302, Headers: new Dictionary<string, string> { ["Location"] = Receiver.UrlFor("/elsewhere") }));
        var delivery = await ChangeOrderAsync("/moved");

        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(302, failed.GetProperty("last_status_code").GetInt32());
        Assert.Contains("redirect", failed.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Receiver.All, r => r.Path == "/elsewhere");
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    [InlineData(408)]
    [InlineData(409)]
    [InlineData(410)]
    [InlineData(429)]
    public async Task ClientErrors_OnAnOrdinaryWebhook_AreRetriedUntilDelivered(int status)
    {
        Receiver.AnswerWith(status);
        var delivery = await ChangeOrderAsync("/4xx");

        var failed = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        AssertFailedWithNextAttemptWithin(failed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1.2));
        Assert.Equal(status, failed.GetProperty("last_status_code").GetInt32());

        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var delivered = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2);

        Assert.Equal("succeeded", delivered.GetProperty("status").GetString());
        Assert.Equal(2, Receiver.All.Count);
    }

    [Fact]
    public async Task AllAttemptsFail_DeliveryIsDeadAfterTheLastAndKept()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_RETRY_SCHEDULE"] = "1,1" });
        Receiver.AnswerWith(503);
        var delivery = await ChangeOrderAsync("/down");

        await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        await Merchant.WaitForDeliveryAttemptsAsync(delivery, 2);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var dead = await Merchant.WaitForDeliveryAttemptsAsync(delivery, 3);

        Assert.Equal("dead", dead.GetProperty("status").GetString());
        Assert.Equal(3, dead.GetProperty("attempt_log").GetArrayLength());
        Server.Clock.Advance(TimeSpan.FromHours(1));
        await Server.WaitForSettledAsync();
        Assert.Equal(3, Receiver.All.Count);
    }

    [Fact]
    public async Task PerHostLimit_OneHangingHost_DoesNotHoldBackAnotherHost()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DELIVERY_PER_HOST"] = "2" });
        // localhost:port and 127.0.0.1:port are two target hosts to PayState, one receiver here.
        Receiver.Responder = r => r.Header("Host")!.StartsWith("localhost", StringComparison.Ordinal) ? FakeReceiver.Hanging : Task.FromResult(ReceiverAnswer.NoContent);
        var slowUrl = $"http://localhost:{Receiver.BaseUri.Port}/slow";
        for (var i = 0; i < 5; i++) await ChangeOrderAsync(url: slowUrl);
        await WaitUntilAsync(() => Receiver.All.Count == 2);

        await ChangeOrderAsync("/fast");

        await WaitUntilAsync(() => Receiver.All.Any(r => r.Path == "/fast"));
        // Settled with the two hanging sends under way, and no third: the other three are held back, not on their way.
        await Server.WaitForSettledAsync(sending: 2);
        Assert.Equal(2, Receiver.All.Count(r => r.Path == "/slow"));
    }

    [Fact]
    public async Task HostThatKeepsHanging_TripsToOneProbeAtATime_AndHasItsShareBackOnceItAnswers()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DELIVERY_PER_HOST"] = "4", ["PAYSTATE_RETRY_SCHEDULE"] = "1,1,1,1,1,1" });
        Receiver.Hang();
        var deliveries = new List<string>();
        for (var i = 0; i < 8; i++) deliveries.Add(await ChangeOrderAsync("/slow"));
        await WaitUntilAsync(() => Receiver.All.Count == 4);

        // Four time out: fewer than the breaker's threshold in a row, so the other four go at once.
        Server.Clock.Advance(TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => Receiver.All.Count == 8);

        // Four more: the host trips. Of the retries now due, one goes: a probe.
        Server.Clock.Advance(TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => Receiver.All.Count == 9);
        await Server.WaitForSettledAsync(sending: 1);
        Assert.Equal(9, Receiver.All.Count);

        // The host is back: the next probe is answered, and the host has its four slots again at once.
        var gate = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var answered = 0;
        Receiver.Responder = _ => Interlocked.Increment(ref answered) == 1 ? Task.FromResult(ReceiverAnswer.NoContent) : gate.Task;
        Server.Clock.Advance(TimeSpan.FromSeconds(15));
        await WaitUntilAsync(() => Receiver.All.Count == 14);
        await Server.WaitForSettledAsync(sending: 4);
        Assert.Equal(14, Receiver.All.Count);

        // Released, the held sends succeed and the rest go; the probe that timed out goes again past its retry delay.
        gate.SetResult(ReceiverAnswer.NoContent);
        await Server.WaitForSettledAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        await Server.WaitForSettledAsync();
        foreach (var delivery in deliveries) Assert.Equal("succeeded", (await Merchant.GetDeliveryAsync(delivery)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task GlobalLimit_HangingReceiversOnSeveralHosts_NeverMoreThanTheLimitInFlight()
    {
        const int limit = 3;
        // One merchant here: its share is the whole limit.
        var limitText = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DELIVERY_CONCURRENCY"] = limitText, ["PAYSTATE_DELIVERY_PER_MERCHANT"] = limitText });
        await using var second = await FakeReceiver.StartAsync();
        await using var third = await FakeReceiver.StartAsync();
        FakeReceiver[] receivers = [Receiver, second, third];
        // Every request is held until released, then answered after a moment, so sends pile up against the limit.
        var inFlight = 0;
        var peak = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        async Task<ReceiverAnswer> HoldAsync(ReceivedRequest _)
        {
            var now = Interlocked.Increment(ref inFlight);
            for (var seen = Volatile.Read(ref peak); now > seen; seen = Volatile.Read(ref peak)) Interlocked.CompareExchange(ref peak, now, seen);
            try
            {
                await release.Task;
                // Slow on purpose: the sends released together overlap, so the rest pile up against the limit.
                await Task.Delay(20);
                return ReceiverAnswer.NoContent;
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        }
        foreach (var receiver in receivers) receiver.Responder = HoldAsync;

        // Six target hosts (localhost:port and 127.0.0.1:port of three receivers), far below the per-host limit of 32 each.
        var urls = receivers.SelectMany(r => new[] { r.UrlFor("/limited"), $"http://localhost:{r.BaseUri.Port}/limited" }).ToList();
        var deliveries = new List<string>();
        foreach (var url in urls.Concat(urls)) deliveries.Add(await ChangeOrderAsync(url: url));
        int Received() => receivers.Sum(r => r.All.Count);
        await WaitUntilAsync(() => Received() == limit);
        await Server.WaitForSettledAsync(sending: limit);
        Assert.Equal(limit, Received());
        Assert.Equal(limit, Volatile.Read(ref peak));

        release.SetResult();
        foreach (var delivery in deliveries) Assert.Equal("succeeded", (await Merchant.WaitForDeliveryAttemptsAsync(delivery, 1)).GetProperty("status").GetString());
        Assert.Equal(deliveries.Count, Received());
        Assert.InRange(Volatile.Read(ref peak), 1, limit);
    }

    /// Creates an order with a webhook to the receiver, moves it to Pending, and returns the delivery's id.
    private async Task<string> ChangeOrderAsync(string path = "/hook", string? url = null)
    {
        var order = await Merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = url ?? Receiver.UrlFor(path) });
        var uuid = order.GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        var list = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data");
        return list.EnumerateArray().First(d => d.GetProperty("object_id").GetString() == uuid).GetProperty("id").GetString()!;
    }

    private static Task WaitUntilAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, "the receiver's count");

    private static DateTimeOffset NextAttemptAt(JsonElement delivery) =>
        DateTimeOffset.Parse(delivery.GetProperty("next_attempt_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    private static void AssertFailedWithNextAttemptWithin(JsonElement delivery, TimeSpan min, TimeSpan max)
    {
        Assert.Equal("failed", delivery.GetProperty("status").GetString());
        var attempted = DateTimeOffset.Parse(delivery.GetProperty("attempt_log").EnumerateArray().Last().GetProperty("attempted_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var next = DateTimeOffset.Parse(delivery.GetProperty("next_attempt_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(next - attempted, min, max);
    }
}

public sealed class RetryBehaviourTestsOnSqlite() : RetryBehaviourTests(Backend.Sqlite);

public sealed class RetryBehaviourTestsOnPostgres() : RetryBehaviourTests(Backend.Postgres);
