using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// The IPN of approve and hold: what it carries, and what each kind of merchant answer does to the checkout,
/// on the fake clock (sandbox retry schedule 1, 2, 4, ... s plus up to 20 % jitter; 15 s attempt timeout).
public abstract class IpnTests(Backend backend) : ServerTestBase(backend)
{
    private const string ReturnUrl = "https://shop.example/thanks";

    [Fact]
    public async Task Approve_MerchantAnswers2xx_WaitsForConfirmationWhileInFlightThenFinishesWithReturnUrl()
    {
        var gate = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Responder = _ => gate.Task;
        var uuid = await CreateCheckoutAsync();

        using (var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
        {
            Assert.Equal(200, (int)approve.StatusCode);
            Assert.Equal("""{"action":"wait_for_confirmation"}""", await approve.Content.ReadAsStringAsync());
        }
        var ipn = await Receiver.NextAsync();
        Assert.Equal("/ipn", ipn.Path);
        Assert.Equal($$"""{"order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","state":"approved"}""", ipn.BodyText);
        WebhookAssert.SignedWith(ipn, Merchant.WebhookSecret);
        Assert.Equal("2", ipn.Header("PayState-Sequence"));
        Assert.Equal("""{"action":"wait_for_confirmation"}""", await Server.CheckoutWaitAsync(uuid));

        gate.SetResult(ReceiverAnswer.Ok);

        Assert.Equal($$"""{"action":"finish","return_url":"{{ReturnUrl}}"}""", await Server.WaitForCheckoutActionAsync(uuid, "finish"));
        var delivery = await IpnDeliveryAsync(uuid);
        Assert.Equal("checkout", delivery.GetProperty("object_kind").GetString());
        Assert.Equal(uuid, delivery.GetProperty("object_id").GetString());
        Assert.Equal(Receiver.UrlFor("/ipn"), delivery.GetProperty("url").GetString());
        Assert.Equal(ipn.Header("webhook-id"), delivery.GetProperty("id").GetString());
        var detail = await WaitForAttemptsAsync(uuid, 1);
        Assert.Equal("succeeded", detail.GetProperty("status").GetString());
        Assert.Equal("ipn", detail.GetProperty("purpose").GetString());
        Assert.Equal(2, detail.GetProperty("sequence").GetInt32());
        Assert.Equal(200, detail.GetProperty("last_status_code").GetInt32());
        Assert.Single(Receiver.All);
    }

    [Fact]
    public async Task Hold_MerchantAnswers2xx_WaitsForOnHoldWhileInFlightThenShowsOnHoldWithReturnUrl()
    {
        var gate = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Responder = _ => gate.Task;
        var uuid = await CreateCheckoutAsync();

        using (var hold = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/hold", ""))
        {
            Assert.Equal(200, (int)hold.StatusCode);
            Assert.Equal("""{"action":"wait_for_on_hold"}""", await hold.Content.ReadAsStringAsync());
        }
        var ipn = await Receiver.NextAsync();
        Assert.Equal($$"""{"order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","state":"on_hold"}""", ipn.BodyText);
        WebhookAssert.SignedWith(ipn, Merchant.WebhookSecret);
        Assert.Equal("2", ipn.Header("PayState-Sequence"));
        Assert.Equal("""{"action":"wait_for_on_hold"}""", await Server.CheckoutWaitAsync(uuid));

        gate.SetResult(ReceiverAnswer.NoContent);

        Assert.Equal($$"""{"action":"show_on_hold","return_url":"{{ReturnUrl}}"}""", await Server.WaitForCheckoutActionAsync(uuid, "show_on_hold"));
        Assert.Equal("succeeded", (await WaitForAttemptsAsync(uuid, 1)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_AfterEarlierChanges_IpnSequenceIsTheVersionAtApprove()
    {
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/1","status":"VERIFIED"}""");
        await Server.SetCheckoutActionAsync(uuid, """{"action":"require_validate_otp"}""");

        await ConfirmAsync(uuid, "approve");

        var ipn = await Receiver.NextAsync();
        Assert.Equal("4", ipn.Header("PayState-Sequence"));
        WebhookAssert.SignedWith(ipn, Merchant.WebhookSecret);
        await Server.WaitForCheckoutActionAsync(uuid, "finish");
    }

    [Theory]
    [InlineData("approve", 409)]
    [InlineData("approve", 410)]
    [InlineData("hold", 409)]
    [InlineData("hold", 410)]
    public async Task Confirm_MerchantAnswersConflict_ShowsConflictAndIpnIsDeadAndNeverRetried(string move, int status)
    {
        Receiver.AnswerWith(status);
        var uuid = await CreateCheckoutAsync();
        using (var confirm = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{move}", ""))
        {
            Assert.Equal(200, (int)confirm.StatusCode);
        }

        Assert.Equal("""{"action":"show_conflict"}""", await Server.WaitForCheckoutActionAsync(uuid, "show_conflict"));
        var dead = await WaitForAttemptsAsync(uuid, 1);
        Assert.Equal("dead", dead.GetProperty("status").GetString());
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        Assert.Single(dead.GetProperty("attempt_log").EnumerateArray());
        Assert.Equal(status, dead.GetProperty("last_status_code").GetInt32());
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);

        await AdvanceSettlingAsync(2, 60, 3600, 5 * 3600, 10 * 3600);

        Assert.Single(Receiver.All);
        Assert.Equal(1, (await IpnDetailAsync(uuid)).GetProperty("attempts").GetInt32());
        Assert.Equal("""{"action":"show_conflict"}""", await Server.CheckoutWaitAsync(uuid));
    }

    [Fact]
    public async Task Approve_MerchantAnswers500ThenOk_StaysWaitingAfterFailureThenFinishesOnRetry()
    {
        Receiver.AnswerWith(500);
        var uuid = await CreateCheckoutAsync();
        await ConfirmAsync(uuid, "approve");

        var failed = await WaitForAttemptsAsync(uuid, 1);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(500, failed.GetProperty("last_status_code").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal("""{"action":"wait_for_confirmation"}""", await Server.CheckoutWaitAsync(uuid));

        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));

        Assert.Equal($$"""{"action":"finish","return_url":"{{ReturnUrl}}"}""", await Server.WaitForCheckoutActionAsync(uuid, "finish"));
        var succeeded = await WaitForAttemptsAsync(uuid, 2);
        Assert.Equal("succeeded", succeeded.GetProperty("status").GetString());
        Assert.Equal(2, Receiver.All.Count);
        Assert.Single(Receiver.All.Select(r => r.Header("webhook-id")).Distinct());
        Assert.All(Receiver.All, r => Assert.Equal("2", r.Header("PayState-Sequence")));
    }

    [Theory]
    [InlineData("approve", "wait_for_confirmation", "finish")]
    [InlineData("hold", "wait_for_on_hold", "show_on_hold")]
    public async Task Confirm_MerchantTimesOut_StaysWaitingAfterTimeoutThenMovesOnRetry(string move, string waiting, string final)
    {
        Receiver.Hang();
        var uuid = await CreateCheckoutAsync();
        await ConfirmAsync(uuid, move);
        await Receiver.NextAsync();
        Assert.Equal($$"""{"action":"{{waiting}}"}""", await Server.CheckoutWaitAsync(uuid));

        Server.Clock.Advance(TimeSpan.FromSeconds(15));

        var failed = await WaitForAttemptsAsync(uuid, 1);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.StartsWith("timeout", failed.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("last_status_code").ValueKind);
        Assert.Equal($$"""{"action":"{{waiting}}"}""", await Server.CheckoutWaitAsync(uuid));

        Receiver.AnswerWith(200);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));

        Assert.Equal($$"""{"action":"{{final}}","return_url":"{{ReturnUrl}}"}""", await Server.WaitForCheckoutActionAsync(uuid, final));
        Assert.Equal("succeeded", (await WaitForAttemptsAsync(uuid, 2)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Hold_MerchantAnswers500ThenOk_StaysWaitingForOnHoldAfterFailureThenShowsOnHoldOnRetry()
    {
        Receiver.AnswerWith(500);
        var uuid = await CreateCheckoutAsync();
        await ConfirmAsync(uuid, "hold");

        var failed = await WaitForAttemptsAsync(uuid, 1);
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Equal(500, failed.GetProperty("last_status_code").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, failed.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal("""{"action":"wait_for_on_hold"}""", await Server.CheckoutWaitAsync(uuid));

        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));

        Assert.Equal($$"""{"action":"show_on_hold","return_url":"{{ReturnUrl}}"}""", await Server.WaitForCheckoutActionAsync(uuid, "show_on_hold"));
        Assert.Equal("succeeded", (await WaitForAttemptsAsync(uuid, 2)).GetProperty("status").GetString());
        Assert.Equal(2, Receiver.All.Count);
        Assert.Single(Receiver.All.Select(r => r.Header("webhook-id")).Distinct());
        Assert.All(Receiver.All, r => Assert.Contains("\"state\":\"on_hold\"", r.BodyText, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Approve_ProcessorRejectsWhileIpnRetried_Later2xxDoesNotMoveItAndIpnIsDead()
    {
        Receiver.AnswerWith(500);
        var uuid = await CreateCheckoutAsync();
        await ConfirmAsync(uuid, "approve");
        await WaitForAttemptsAsync(uuid, 1);

        await Server.SetCheckoutActionAsync(uuid, """{"action":"reject"}""");
        Receiver.AnswerWith(200);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var settled = await WaitForStatusAsync(uuid, "dead", "succeeded");
        await AdvanceSettlingAsync(2.4, 4.8, 9.6, 60, 3600);

        Assert.Equal("""{"action":"reject"}""", await Server.CheckoutWaitAsync(uuid));
        Assert.Equal("dead", settled.GetProperty("status").GetString());
        var after = await IpnDetailAsync(uuid);
        Assert.Equal("dead", after.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(1, after.GetProperty("attempts").GetInt32());
        Assert.Single(Receiver.All);
    }

    [Fact]
    public async Task Approve_ProcessorRejectsWhileIpnRetried_FailingRetryIsDeadAndNotRetriedFurther()
    {
        Receiver.AnswerWith(500);
        var uuid = await CreateCheckoutAsync();
        await ConfirmAsync(uuid, "approve");
        await WaitForAttemptsAsync(uuid, 1);

        await Server.SetCheckoutActionAsync(uuid, """{"action":"reject"}""");
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));

        // The retry was waiting, not in flight, when the checkout moved on: it is given up, never sent.
        var dead = await WaitForStatusAsync(uuid, "dead");
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        await AdvanceSettlingAsync(2.4, 4.8, 9.6, 60, 3600, 36000);

        Assert.Equal("""{"action":"reject"}""", await Server.CheckoutWaitAsync(uuid));
        var after = await IpnDetailAsync(uuid);
        Assert.Equal("dead", after.GetProperty("status").GetString());
        Assert.Equal(1, after.GetProperty("attempts").GetInt32());
        Assert.Single(Receiver.All);
    }

    private async Task<string> CreateCheckoutAsync()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "merchant-ref-1", order_ref_2 = "merchant-ref-2", amount = 12000, currency = "EUR",
            notify_url = Receiver.UrlFor("/ipn"), return_url = ReturnUrl,
        }));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True((int)created.StatusCode == 201, $"Create answered {(int)created.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString()!;
    }

    /// The processor's approve or hold, which must be accepted.
    private async Task ConfirmAsync(string uuid, string move)
    {
        using var response = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{move}", "");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, $"{move} answered {(int)response.StatusCode}: {text}");
    }

    private async Task<JsonElement> IpnDeliveryAsync(string uuid)
    {
        var list = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?limit=500")).GetProperty("data");
        return Assert.Single(list.EnumerateArray(), d => d.GetProperty("object_id").GetString() == uuid && d.GetProperty("url").GetString() == Receiver.UrlFor("/ipn"));
    }

    private async Task<JsonElement> IpnDetailAsync(string uuid)
    {
        var id = (await IpnDeliveryAsync(uuid)).GetProperty("id").GetString()!;
        return await Merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{id}");
    }

    /// Moves the clock step by step, each time until the server has done what the step made due: a retry that
    /// should not go would be sent and recorded before the test looks.
    private async Task AdvanceSettlingAsync(params double[] seconds)
    {
        foreach (var step in seconds)
        {
            Server.Clock.Advance(TimeSpan.FromSeconds(step));
            await Server.WaitForSettledAsync();
        }
    }

    /// The IPN delivery once its status is one of those given.
    private Task<JsonElement> WaitForStatusAsync(string uuid, params string[] statuses) =>
        WaitForIpnAsync(uuid, d => statuses.Contains(d.GetProperty("status").GetString()), $"the IPN of {uuid} is {string.Join(" or ", statuses)}");

    private Task<JsonElement> WaitForAttemptsAsync(string uuid, int attempts) =>
        WaitForIpnAsync(uuid, d => d.GetProperty("attempts").GetInt32() >= attempts, $"the IPN of {uuid} has {attempts} attempt(s)");

    private async Task<JsonElement> WaitForIpnAsync(string uuid, Func<JsonElement, bool> holds, string what)
    {
        var id = (await IpnDeliveryAsync(uuid)).GetProperty("id").GetString()!;
        var current = default(JsonElement);
        await Eventually.HoldsAsync(async () => holds(current = await Merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{id}")), what);
        return current;
    }
}

public sealed class IpnTestsOnSqlite() : IpnTests(Backend.Sqlite);

public sealed class IpnTestsOnPostgres() : IpnTests(Backend.Postgres);
