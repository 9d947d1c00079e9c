using System.Net;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// The dashboard's pages and buttons over HTTP: list paging and filters, the timeline, bulk resend, the sandbox's
/// lifecycle buttons and webhook inbox, and their absence outside sandbox mode.
public abstract class DashboardActionTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task List_MoreThanAPage_OlderLinkContinuesWithoutRepeats()
    {
        var created = new List<string>();
        for (var i = 0; i < 53; i++)
        {
            created.Add((await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!);
            Server.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var first = (await client.GetAsync("")).Html;
        var older = System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(first, "id=\"older\" href=\"/([^\"]+)\"").Groups[1].Value);
        var second = (await client.GetAsync(older)).Html;

        Assert.All(created.TakeLast(50), id => Assert.Contains(id, first, StringComparison.Ordinal));
        Assert.All(created.Take(3), id => Assert.Contains(id, second, StringComparison.Ordinal));
        Assert.All(created.Skip(3), id => Assert.DoesNotContain(id, second, StringComparison.Ordinal));
        Assert.DoesNotContain("id=\"older\"", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ExternalOrderIdAndStatusFilters_ShowOnlyMatches()
    {
        var wanted = await CreateOrderAsync(externalId: "ORD-1001");
        var other = await CreateOrderAsync(externalId: "ORD-1002");
        await Server.MoveOrderAsync(other, "Pending");
        using var client = await DashboardClient.SignedInAsOperatorAsync(Server);

        var byExternal = (await client.GetAsync("?external=ORD-1001")).Html;
        var byStatus = (await client.GetAsync("?state=Pending&kind=acquiring_order")).Html;

        Assert.Contains(wanted, byExternal, StringComparison.Ordinal);
        Assert.DoesNotContain(other, byExternal, StringComparison.Ordinal);
        Assert.Contains(other, byStatus, StringComparison.Ordinal);
        Assert.DoesNotContain(wanted, byStatus, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectPage_AfterAFailedAttempt_ShowsStatusAnswerEventDeliveryAndAttempt()
    {
        Receiver.Responder = _ => Task.FromResult(new ReceiverAnswer(500, "receiver says no"));
        var order = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/hook"));
        await Server.MoveOrderAsync(order, "Pending");
        await Receiver.NextAsync();
        await Eventually.HoldsAsync(async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0].GetProperty("attempts").GetInt32() == 1, "the first attempt recorded");
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var (status, html) = await client.GetAsync($"objects/{order}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("&quot;status&quot;: &quot;Pending&quot;", html, StringComparison.Ordinal);
        Assert.Contains("id=\"event-2\"", html, StringComparison.Ordinal);
        Assert.Contains("data-status=\"failed\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>500</td>", html, StringComparison.Ordinal);
        Assert.Contains("receiver says no", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkResend_DeadDeliveriesOfAHost_AreSentAgain()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_RETRY_SCHEDULE"] = "1" });
        Receiver.AnswerWith(503);
        var order = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/down"));
        await Server.MoveOrderAsync(order, "Pending");
        await WaitForDeliveryAsync(d => d.GetProperty("attempts").GetInt32() == 1);
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        await WaitForDeliveryAsync(d => d.GetProperty("status").GetString() == "dead");
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        const string host = "127.0.0.1";
        var page = (await client.GetAsync("deliveries")).Html;
        Receiver.AnswerWith(204);

        using var response = await client.PostAsync("deliveries/resend-dead", [("host", host), ("since", Server.Clock.GetUtcNow().AddHours(-1).ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture))]);

        Assert.Contains($"data-host=\"{host}\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/deliveries?msg=dead-resent&n=1", response.Headers.Location!.ToString());
        await WaitForDeliveryAsync(d => d.GetProperty("status").GetString() == "succeeded");
    }

    [Fact]
    public async Task Deliveries_AsMerchant_ShowsOnlyItsOwnTroubledHosts()
    {
        Receiver.AnswerWith(500);
        var other = await Server.CreateMerchantAsync("Other shop");
        var theirs = (await other.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = $"http://localhost:{Receiver.BaseUri.Port}/theirs" }))
            .GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(theirs, "Pending");
        var mine = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/mine"));
        await Server.MoveOrderAsync(mine, "Pending");
        await Eventually.HoldsAsync(() => Receiver.All.Count == 2, "two webhooks received");
        await WaitForDeliveryAsync(d => d.GetProperty("status").GetString() == "failed");
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var page = (await client.GetAsync("deliveries")).Html;
        var theirHost = (await client.GetAsync("deliveries?host=localhost")).Html;

        Assert.Contains("data-host=\"127.0.0.1\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("localhost", page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, theirHost, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxMove_PendingButton_MovesTheOrderAndTheInboxReceivesTheWebhook()
    {
        var inbox = new Uri(Server.BaseUri, "sandbox/inbox/shop").ToString();
        var order = await CreateOrderAsync(webhookUrl: inbox);
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        var page = (await client.GetAsync($"objects/{order}")).Html;

        using var response = await client.PostAsync($"objects/{order}/sandbox/move", [("move", "Pending")]);
        await WaitForDeliveryAsync(d => d.GetProperty("status").GetString() == "succeeded");
        var inboxPage = (await client.GetAsync("inbox")).Html;

        Assert.Contains("value=\"Pending\"", page, StringComparison.Ordinal);
        Assert.Equal($"/objects/{order}?msg=moved", response.Headers.Location!.ToString());
        Assert.Contains("\"status\":\"Pending\"", System.Text.Encoding.UTF8.GetString((await Merchant.GetOrderAsync(order)).Body), StringComparison.Ordinal);
        Assert.Contains(order, inboxPage, StringComparison.Ordinal);
        Assert.Contains("webhook-signature", inboxPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxMoves_CheckoutAndSession_MoveThemByTheirOwnRules()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "ref-1", order_ref_2 = "ref-2", amount = 12000, currency = "EUR", notify_url = Receiver.UrlFor("/ipn"), return_url = "https://shop.example/thanks",
        }));
        var checkout = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString()!;
        using var started = await Merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-123"}""");
        var session = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString()!;
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        var checkoutPage = (await client.GetAsync($"objects/{checkout}")).Html;

        using var approve = await client.PostAsync($"objects/{checkout}/sandbox/move", [("move", "approved")]);
        var ipn = await Receiver.NextAsync();
        using var fail = await client.PostAsync($"objects/{session}/sandbox/move", [("move", "FAILED")]);
        var sessionPage = (await client.GetAsync($"objects/{session}")).Html;

        Assert.Contains("&quot;action&quot;: &quot;show_identification_form&quot;", checkoutPage, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"approved\"", ipn.BodyText, StringComparison.Ordinal);
        Assert.Contains("&quot;sessionStatus&quot;: &quot;FAILED&quot;", sessionPage, StringComparison.Ordinal);
        Assert.Contains("&quot;statusReason&quot;: &quot;UNSUPPORTED_BANK&quot;", sessionPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SandboxMove_RefusedTransition_ShowsWhyAndChangesNothing()
    {
        var order = await CreateOrderAsync();
        await Server.MoveOrderAsync(order, "Pending");
        await Server.MoveOrderAsync(order, "Paid");
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        await client.GetAsync($"objects/{order}");

        using var response = await client.PostAsync($"objects/{order}/sandbox/move", [("move", "Created")]);

        Assert.Equal($"/objects/{order}?msg=move-refused", response.Headers.Location!.ToString());
        Assert.Equal(2, Server.CountRows("events"));
    }

    [Fact]
    public async Task SandboxTestOrder_AsOperator_AsksForAMerchantSignIn()
    {
        using var client = await DashboardClient.SignedInAsOperatorAsync(Server);
        await client.GetAsync("inbox");

        using var response = await client.PostAsync("sandbox/orders", []);

        Assert.Equal("/inbox?msg=merchant-only", response.Headers.Location!.ToString());
        Assert.Equal(0, Server.CountRows("objects"));
    }

    [Fact]
    public async Task OutsideSandbox_NoLifecycleButtonsAndNoInbox()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_SANDBOX"] = "false" });
        await Merchant.SetWalletKeyAsync();
        var order = await CreateOrderAsync();
        using var client = await DashboardClient.SignedInAsOperatorAsync(Server);

        var page = (await client.GetAsync($"objects/{order}")).Html;
        using var move = await client.PostAsync($"objects/{order}/sandbox/move", [("move", "Paid")]);
        var (inboxStatus, _) = await client.GetAsync("inbox");
        using var receive = await Server.Http.PostAsync(new Uri(Server.BaseUri, "sandbox/inbox/shop"), new StringContent("{}"));
        using var create = await client.PostAsync("sandbox/orders", []);

        Assert.DoesNotContain("sandbox/move", page, StringComparison.Ordinal);
        Assert.DoesNotContain("/inbox", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, inboxStatus);
        Assert.NotEqual(HttpStatusCode.OK, receive.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, create.StatusCode);
        Assert.Equal(0, Server.CountRows("sandbox_inbox"));
    }

    private async Task<string> CreateOrderAsync(string? webhookUrl = null, string? externalId = null)
    {
        var fields = new Dictionary<string, object> { ["amount"] = 300, ["currency"] = "USDT", ["network"] = "ethereum" };
        if (webhookUrl is not null) fields["webhook_url"] = webhookUrl;
        if (externalId is not null) fields["external_order_id"] = externalId;
        return (await Merchant.CreateOrderAsync(fields)).GetProperty("uuid").GetString()!;
    }

    private Task WaitForDeliveryAsync(Func<JsonElement, bool> condition) =>
        Eventually.HoldsAsync(
            async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data") is { } data
                && data.GetArrayLength() > 0 && condition(data[0]),
            "the delivery is as expected");
}

public sealed class DashboardActionTestsOnSqlite() : DashboardActionTests(Backend.Sqlite);

public sealed class DashboardActionTestsOnPostgres() : DashboardActionTests(Backend.Postgres);
