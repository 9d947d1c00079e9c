using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// The identification_action events a merchant with send_action_events_in_identification receives at its
/// events_webhook: exact bodies, signatures, order, ids matching the events API, and the option off.
public abstract class IdentificationEventTests(Backend backend) : ServerTestBase(backend)
{
    private const string ReturnUrl = "https://shop.example/thanks";
    private const string EventsPath = "/events";
    private const string IpnPath = "/ipn";

    [Fact]
    public async Task SetAction_IdVerification_PostsTheSeedsEventByteForByte()
    {
        await EnableEventsAsync();
        var uuid = await CreateCheckoutAsync();

        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED","message":""}""");

        var received = Assert.Single(await EventsAsync(1));
        Assert.Equal(
            $$"""{"event":"identification_action","action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED","message":"","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            received.BodyText);
        Assert.Equal("POST", received.Method);
        Assert.StartsWith("application/json", received.Header("Content-Type"), StringComparison.Ordinal);
        WebhookAssert.SignedWith(received, Merchant.WebhookSecret);
        Assert.Equal("2", received.Header("PayState-Sequence"));
        await AssertMatchesEventsApiAsync(received, uuid, 2, "checkout.wait_for_id_verification");
        Assert.Equal($$"""{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED","message":""}""", await Server.CheckoutWaitAsync(uuid));
    }

    [Fact]
    public async Task SetAction_Screening_EventCarriesExpiresIn()
    {
        await EnableEventsAsync();
        var uuid = await CreateCheckoutAsync();

        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":120}""");

        var received = Assert.Single(await EventsAsync(1));
        Assert.Equal(
            $$"""{"event":"identification_action","action":"wait_for_screening","expires_in":120,"order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            received.BodyText);
        WebhookAssert.SignedWith(received, Merchant.WebhookSecret);
        await AssertMatchesEventsApiAsync(received, uuid, 2, "checkout.wait_for_screening");
    }

    [Theory]
    [InlineData("approve", "approved", "wait_for_confirmation", "finish")]
    [InlineData("hold", "on_hold", "wait_for_on_hold", "show_on_hold")]
    public async Task Confirm_MerchantAnswersIpn_EventForTheWaitThenForTheFinalActionAfterTheIpn(string move, string state, string waiting, string final)
    {
        await EnableEventsAsync();
        var ipnGate = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Responder = r => r.Path == IpnPath ? ipnGate.Task : Task.FromResult(ReceiverAnswer.NoContent);
        var uuid = await CreateCheckoutAsync();

        using (var confirm = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{move}", ""))
        {
            Assert.Equal(200, (int)confirm.StatusCode);
        }

        var first = Assert.Single(await EventsAsync(1));
        Assert.Equal(
            $$"""{"event":"identification_action","action":"{{waiting}}","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            first.BodyText);
        Assert.Equal("2", first.Header("PayState-Sequence"));
        var ipn = Assert.Single(await RequestsAsync(IpnPath, 1));
        Assert.Equal($$"""{"order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","state":"{{state}}"}""", ipn.BodyText);
        await Server.WaitForSettledAsync(sending: 1);
        Assert.Single(Requests(EventsPath));

        ipnGate.SetResult(ReceiverAnswer.Ok);

        var events = await EventsAsync(2);
        Assert.Equal(2, events.Count);
        var second = events[1];
        Assert.Equal(
            $$"""{"event":"identification_action","action":"{{final}}","return_url":"{{ReturnUrl}}","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            second.BodyText);
        Assert.Equal("3", second.Header("PayState-Sequence"));
        WebhookAssert.SignedWith(first, Merchant.WebhookSecret);
        WebhookAssert.SignedWith(second, Merchant.WebhookSecret);
        WebhookAssert.SignedWith(ipn, Merchant.WebhookSecret);
        var all = Receiver.All.ToList();
        Assert.True(all.IndexOf(ipn) < all.IndexOf(second), "The final action's event arrived before the IPN.");
        await AssertMatchesEventsApiAsync(first, uuid, 2, $"checkout.{waiting}");
        await AssertMatchesEventsApiAsync(second, uuid, 3, $"checkout.{final}");
    }

    [Fact]
    public async Task Confirm_IpnAndIdentificationEventOfOneEvent_AreTwoMessagesWithTwoWebhookIds_EachKeptOnItsRetry()
    {
        await EnableEventsAsync();
        var failedOnce = 0;
        Receiver.Responder = r => Task.FromResult(r.Path == IpnPath && Interlocked.Exchange(ref failedOnce, 1) == 0 ? ReceiverAnswer.Status(503) : ReceiverAnswer.NoContent);
        var uuid = await CreateCheckoutAsync();

        using (var confirm = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
        {
            Assert.Equal(200, (int)confirm.StatusCode);
        }
        var firstIpn = Assert.Single(await RequestsAsync(IpnPath, 1));
        var identification = (await EventsAsync(1))[0];
        await WaitForFailedIpnAsync(uuid);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var ipns = await RequestsAsync(IpnPath, 2);

        // One event, two targets: two messages, each with its own id, and the IPN's retry keeps the IPN's.
        Assert.Equal("2", firstIpn.Header("PayState-Sequence"));
        Assert.Equal("2", identification.Header("PayState-Sequence"));
        Assert.NotEqual(firstIpn.Header("webhook-id"), identification.Header("webhook-id"));
        Assert.Equal(firstIpn.Header("webhook-id"), ipns[1].Header("webhook-id"));
        WebhookAssert.SignedWith(ipns[1], Merchant.WebhookSecret);
        var ipnDelivery = await Merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{firstIpn.Header("webhook-id")}");
        var eventDelivery = await Merchant.GetJsonAsync($"/api/v1/webhook-deliveries/{identification.Header("webhook-id")}");
        Assert.Equal(Receiver.UrlFor(IpnPath), ipnDelivery.GetProperty("url").GetString());
        Assert.Equal(Receiver.UrlFor(EventsPath), eventDelivery.GetProperty("url").GetString());
        Assert.Equal(ipnDelivery.GetProperty("event_id").GetString(), eventDelivery.GetProperty("event_id").GetString());
    }

    [Fact]
    public async Task ScreeningRunsOut_ServersOwnMove_PostsResumeAfterScreeningEvent()
    {
        await EnableEventsAsync();
        var uuid = await CreateCheckoutAsync();
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":60}""");
        Assert.Single(await EventsAsync(1));
        // Its outcome recorded first: a jump past the send's lease would send it again.
        await Server.WaitForSettledAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(60));

        var events = await EventsAsync(2);
        Assert.Equal(2, events.Count);
        var resumed = events[1];
        Assert.Equal(
            $$"""{"event":"identification_action","action":"resume_after_screening","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            resumed.BodyText);
        Assert.Equal("3", resumed.Header("PayState-Sequence"));
        WebhookAssert.SignedWith(resumed, Merchant.WebhookSecret);
        await AssertMatchesEventsApiAsync(resumed, uuid, 3, "checkout.resume_after_screening");
        Assert.Equal("""{"action":"resume_after_screening"}""", await Server.CheckoutWaitAsync(uuid));
    }

    [Theory]
    [InlineData("approve", "wait_for_confirmation", 409)]
    [InlineData("hold", "wait_for_on_hold", 410)]
    public async Task Confirm_MerchantAnswersIpnConflict_PostsShowConflictEvent(string move, string waiting, int status)
    {
        await EnableEventsAsync();
        Receiver.Responder = r => Task.FromResult(r.Path == IpnPath ? ReceiverAnswer.Status(status) : ReceiverAnswer.NoContent);
        var uuid = await CreateCheckoutAsync();

        using (var confirm = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/{move}", ""))
        {
            Assert.Equal(200, (int)confirm.StatusCode);
        }

        var events = await EventsAsync(2);
        Assert.Equal(2, events.Count);
        Assert.Contains($"\"action\":\"{waiting}\"", events[0].BodyText, StringComparison.Ordinal);
        var conflict = events[1];
        Assert.Equal(
            $$"""{"event":"identification_action","action":"show_conflict","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            conflict.BodyText);
        Assert.Equal("3", conflict.Header("PayState-Sequence"));
        WebhookAssert.SignedWith(conflict, Merchant.WebhookSecret);
        await AssertMatchesEventsApiAsync(conflict, uuid, 3, "checkout.show_conflict");
        Assert.Single(Requests(IpnPath));
    }

    [Fact]
    public async Task ManyChanges_FirstEventFailsOnce_EventsArriveInOrderWithIncreasingSequence()
    {
        await EnableEventsAsync();
        var failedOnce = 0;
        Receiver.Responder = r => Task.FromResult(r.Header("PayState-Sequence") == "2" && Interlocked.Exchange(ref failedOnce, 1) == 0
            ? ReceiverAnswer.Status(503)
            : ReceiverAnswer.NoContent);
        var uuid = await CreateCheckoutAsync();

        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/1","status":"STARTED"}""");
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/1","status":"VERIFIED","message":"ok"}""");
        await Server.SetCheckoutActionAsync(uuid, """{"action":"require_validate_otp"}""");
        await Server.SetCheckoutActionAsync(uuid, """{"action":"require_payment","iframe_url":"https://pay.example/frame","amount":12000,"reusable_cards":[]}""");
        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":30}""");

        // Sequence 2 failed: nothing later may go before its retry succeeds.
        Assert.Single(await EventsAsync(1));
        await WaitForFirstEventAttemptRecordedAsync(uuid);
        await Server.WaitForSettledAsync();
        Assert.Single(Requests(EventsPath));

        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));

        var events = await EventsAsync(6);
        Assert.Equal(["2", "2", "3", "4", "5", "6"], events.Select(e => e.Header("PayState-Sequence")));
        Assert.Equal(events[0].Header("webhook-id"), events[1].Header("webhook-id"));
        Assert.Equal(events[0].BodyText, events[1].BodyText);
        Assert.Equal(5, events.Select(e => e.Header("webhook-id")).Distinct().Count());
        Assert.Equal(
            $$"""{"event":"identification_action","action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/1","status":"STARTED","message":"","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            events[0].BodyText);
        Assert.Equal(
            $$"""{"event":"identification_action","action":"require_payment","iframe_url":"https://pay.example/frame","amount":12000,"reusable_cards":[],"order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1","channel":"web"}""",
            events[4].BodyText);
        foreach (var (received, sequence) in events.Skip(1).Select((e, i) => (e, i + 2)))
        {
            WebhookAssert.SignedWith(received, Merchant.WebhookSecret);
            await AssertMatchesEventsApiAsync(received, uuid, sequence, null);
        }
    }

    [Fact]
    public async Task WebhookParams_CollidingWithReservedFields_DoNotOverrideThem()
    {
        await EnableEventsAsync("""{"action":"evil","order_ref":"evil","order_ref_1":"evil","order_ref_2":"evil","event":"evil","status":"evil","shop":"eu-1"}""");
        var uuid = await CreateCheckoutAsync();

        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED"}""");

        var received = Assert.Single(await EventsAsync(1));
        Assert.Equal(
            $$"""{"event":"identification_action","action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED","message":"","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1"}""",
            received.BodyText);
        WebhookAssert.SignedWith(received, Merchant.WebhookSecret);
    }

    [Fact]
    public async Task OptionOff_ActionChanges_NoEventDeliveredButEventsApiListsThem()
    {
        using (var patch = await PatchMerchantAsync($$$"""{"events_webhook":"{{{Receiver.UrlFor(EventsPath)}}}","webhook_params":{"shop":"eu-1"}}"""))
        {
            var merchant = JsonDocument.Parse(await patch.Content.ReadAsStringAsync()).RootElement;
            Assert.False(merchant.GetProperty("send_action_events_in_identification").GetBoolean());
        }
        var uuid = await CreateCheckoutAsync();

        await Server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED"}""");
        using (var approve = await Server.ProcessorAsync($"processor/v1/checkout/{uuid}/approve", ""))
        {
            Assert.Equal(200, (int)approve.StatusCode);
        }
        // The IPN still goes, and the checkout finishes: the dispatcher ran, and sent no event.
        Assert.Single(await RequestsAsync(IpnPath, 1));
        await Server.WaitForCheckoutActionAsync(uuid, "finish");
        await Server.WaitForSettledAsync();

        Assert.Empty(Requests(EventsPath));
        var deliveries = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?limit=500")).GetProperty("data");
        var delivery = Assert.Single(deliveries.EnumerateArray());
        Assert.Equal(Receiver.UrlFor(IpnPath), delivery.GetProperty("url").GetString());
        var listed = await CheckoutEventsAsync(uuid);
        Assert.Equal(["checkout.wait_for_id_verification", "checkout.wait_for_confirmation", "checkout.finish"], listed.Select(e => e.GetProperty("type").GetString()));
        Assert.Equal([2, 3, 4], listed.Select(e => e.GetProperty("sequence").GetInt32()));
        Assert.Equal(
            $$"""{"event":"identification_action","action":"wait_for_id_verification","session_url":"https://magic.veriff.me/v/abc","status":"STARTED","message":"","order_ref":"{{uuid}}","order_ref_1":"merchant-ref-1","order_ref_2":"merchant-ref-2","shop":"eu-1"}""",
            listed[0].GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task TwoCheckouts_OneCheckoutsEventHangs_TheOtherCheckoutsEventsStillFlowInOrder()
    {
        await EnableEventsAsync();
        var first = await CreateCheckoutAsync();
        var second = await CreateCheckoutAsync();
        var gate = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Responder = r => r.BodyText.Contains(first, StringComparison.Ordinal) ? gate.Task : Task.FromResult(ReceiverAnswer.NoContent);

        await Server.SetCheckoutActionAsync(first, """{"action":"require_validate_otp"}""");
        Assert.Single(await EventsAsync(1));
        await Server.SetCheckoutActionAsync(first, """{"action":"show_error"}""");
        await Server.SetCheckoutActionAsync(second, """{"action":"require_validate_otp"}""");
        await Server.SetCheckoutActionAsync(second, """{"action":"wait_for_screening","expires_in":60}""");

        await Eventually.HoldsAsync(() => Of(second).Count == 2, "the second checkout's two events arrived");
        await Server.WaitForSettledAsync(sending: 1);
        Assert.Single(Of(first));
        Assert.Equal(["2", "3"], Of(second).Select(r => r.Header("PayState-Sequence")));
        Assert.Contains("\"action\":\"wait_for_screening\",\"expires_in\":60", Of(second)[1].BodyText, StringComparison.Ordinal);

        gate.SetResult(ReceiverAnswer.NoContent);

        await Eventually.HoldsAsync(() => Of(first).Count == 2, "the first checkout's two events arrived");
        Assert.Equal(["2", "3"], Of(first).Select(r => r.Header("PayState-Sequence")));
        Assert.Contains("\"action\":\"show_error\"", Of(first)[1].BodyText, StringComparison.Ordinal);
        Assert.All(Receiver.All, r => WebhookAssert.SignedWith(r, Merchant.WebhookSecret));

        List<ReceivedRequest> Of(string uuid) => [.. Requests(EventsPath).Where(r => r.BodyText.Contains($"\"order_ref\":\"{uuid}\"", StringComparison.Ordinal))];
    }

    private async Task EnableEventsAsync(string webhookParams = """{"shop":"eu-1","channel":"web"}""")
    {
        using var patch = await PatchMerchantAsync(
            $$"""{"send_action_events_in_identification":true,"events_webhook":"{{Receiver.UrlFor(EventsPath)}}","webhook_params":{{webhookParams}}}""");
        var merchant = JsonDocument.Parse(await patch.Content.ReadAsStringAsync()).RootElement;
        Assert.True(merchant.GetProperty("send_action_events_in_identification").GetBoolean());
        Assert.Equal(Receiver.UrlFor(EventsPath), merchant.GetProperty("events_webhook").GetString());
    }

    private async Task<HttpResponseMessage> PatchMerchantAsync(string body)
    {
        var response = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/merchants/{Merchant.MerchantId}", body);
        Assert.True((int)response.StatusCode == 200, $"PATCH answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return response;
    }

    private async Task<string> CreateCheckoutAsync()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "merchant-ref-1", order_ref_2 = "merchant-ref-2", amount = 12000, currency = "EUR",
            notify_url = Receiver.UrlFor(IpnPath), return_url = ReturnUrl,
        }));
        var body = await created.Content.ReadAsStringAsync();
        Assert.True((int)created.StatusCode == 201, $"Create answered {(int)created.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("uuid").GetString()!;
    }

    private List<ReceivedRequest> Requests(string path) => [.. Receiver.All.Where(r => r.Path == path)];

    /// Waits until at least count requests reached path; returns them in arrival order.
    private async Task<List<ReceivedRequest>> RequestsAsync(string path, int count)
    {
        await Eventually.HoldsAsync(() => Requests(path).Count >= count, $"{count} request(s) reached {path}");
        return Requests(path);
    }

    private Task<List<ReceivedRequest>> EventsAsync(int count) => RequestsAsync(EventsPath, count);

    private Task WaitForFirstEventAttemptRecordedAsync(string uuid) =>
        WaitForFailedDeliveryAsync(d => d.GetProperty("object_id").GetString() == uuid, "the first event's failed attempt recorded");

    private Task WaitForFailedIpnAsync(string uuid) =>
        WaitForFailedDeliveryAsync(
            d => d.GetProperty("object_id").GetString() == uuid && d.GetProperty("url").GetString() == Receiver.UrlFor(IpnPath),
            "the IPN's failed attempt recorded");

    private Task WaitForFailedDeliveryAsync(Func<JsonElement, bool> which, string what) =>
        Eventually.HoldsAsync(
            async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=failed")).GetProperty("data").EnumerateArray().Any(which),
            what);

    private async Task<List<JsonElement>> CheckoutEventsAsync(string uuid)
    {
        var data = (await Merchant.GetJsonAsync("/api/v1/events?limit=500")).GetProperty("data");
        return [.. data.EnumerateArray().Where(e => e.GetProperty("object_id").GetString() == uuid)];
    }

    /// The webhook is the event the events API lists: same id, sequence and payload bytes.
    private async Task AssertMatchesEventsApiAsync(ReceivedRequest received, string uuid, int sequence, string? type)
    {
        var eventId = await Merchant.EventIdOfAsync(received);
        var listed = Assert.Single(await CheckoutEventsAsync(uuid), e => e.GetProperty("id").GetString() == eventId);
        Assert.Equal("checkout", listed.GetProperty("object_kind").GetString());
        Assert.Equal(sequence, listed.GetProperty("sequence").GetInt32());
        Assert.Equal(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), received.Header("PayState-Sequence"));
        if (type is not null) Assert.Equal(type, listed.GetProperty("type").GetString());
        Assert.Equal(received.BodyText, listed.GetProperty("payload").GetRawText());
    }
}

public sealed class IdentificationEventTestsOnSqlite() : IdentificationEventTests(Backend.Sqlite);

public sealed class IdentificationEventTestsOnPostgres() : IdentificationEventTests(Backend.Postgres);
