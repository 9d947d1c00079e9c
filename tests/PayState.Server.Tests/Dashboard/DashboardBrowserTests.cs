using Microsoft.Playwright;
using PayState.Server.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PayState.Server.Tests.Dashboard;

/// The dashboard in a real browser (SQLite: these test the pages; the store behind them is tested on both backends):
/// signing in, finding an order, watching an attempt appear live, pressing resend, the sandbox loop, and the look: styles,
/// badges, notices, the QR image, amounts, the merchant's name, the share delivered, what a waiting delivery waits for.
public sealed class DashboardBrowserTests(BrowserFixture browser) : ServerTestBase(Backend.Sqlite), IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task SignIn_AsOperator_FindsAnOrderByExternalIdAndOpensItsTimeline()
    {
        var order = await CreateOrderAsync(externalId: "ORD-77", webhookUrl: Receiver.UrlFor("/hook"));
        await CreateOrderAsync(externalId: "ORD-78");
        await Server.MoveOrderAsync(order, "Pending");
        var page = await NewPageAsync();

        await page.GotoAsync("/");
        await page.FillAsync("input[name=token]", TestServer.AdminToken);
        await page.ClickAsync("#signin-operator");
        await page.FillAsync("input[name=external]", "ORD-77");
        await page.ClickAsync("button:text('Filter')");
        await Expect(page.Locator("#objects tbody tr")).ToHaveCountAsync(1);
        await page.ClickAsync($"a:text('{order}')");

        await Expect(page.Locator("h1")).ToContainTextAsync(order);
        await Expect(page.Locator("#state")).ToHaveTextAsync("Pending");
        await Expect(page.Locator("#event-2")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WrongSecret_StaysOnSignInWithAnError()
    {
        var page = await NewPageAsync();

        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=api_key]", Merchant.ApiKey);
        await page.FillAsync("input[name=api_secret]", "sk_wrong");
        await page.ClickAsync("#signin-merchant");

        await Expect(page.Locator("[role=alert]")).ToContainTextAsync("not valid");
    }

    [Fact]
    public async Task ObjectPage_NewEventAndAttempt_AppearLiveWithoutReload_ThenResendDelivers()
    {
        Receiver.Responder = _ => Task.FromResult(new ReceiverAnswer(500, "not today"));
        var order = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/hook"));
        var page = await SignedInAsMerchantAsync();
        await page.GotoAsync($"/objects/{order}");
        await Expect(page.Locator(".event")).ToHaveCountAsync(0);
        await page.EvaluateAsync("() => { window.sameDocument = true; }");

        await Server.MoveOrderAsync(order, "Pending");

        await Expect(page.Locator("#event-2 tr.attempt")).ToHaveCountAsync(1);
        await Expect(page.Locator("#event-2 tr.attempt")).ToContainTextAsync("not today");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Pending");
        Assert.True(await page.EvaluateAsync<bool>("() => window.sameDocument === true"));
        // A watching page is not a held long-poll.
        Assert.Equal(0, Server.Services.GetRequiredService<PayState.Server.Events.ObjectChangeFeed>().Held);

        Receiver.AnswerWith(204);
        await page.ClickAsync("#event-2 button.resend");

        await Expect(page.Locator("[role=status]")).ToContainTextAsync("queued to be sent again");
        await Expect(page.Locator("#event-2 tr.attempt")).ToHaveCountAsync(2);
        await Expect(page.Locator("#event-2 .delivery")).ToHaveAttributeAsync("data-status", "succeeded");
        Assert.Equal(Receiver.All[0].Header("webhook-id"), Receiver.All[^1].Header("webhook-id"));
    }

    [Fact]
    public async Task Sandbox_TestOrderButtonsAndInbox_ShowTheWholeLoopFromTheBrowserAlone()
    {
        var page = await SignedInAsMerchantAsync();
        await page.ClickAsync("nav a:text('Webhook inbox')");
        await Expect(page.Locator(".received")).ToHaveCountAsync(0);

        await page.ClickAsync("#create-test-order");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Created");
        var order = (await page.Locator("h1").TextContentAsync())!.Split(' ')[^1];
        await page.ClickAsync(".moves button:text-is('Pending')");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Pending");
        await Expect(page.Locator("#event-2 .delivery")).ToHaveAttributeAsync("data-status", "succeeded");
        await page.ClickAsync("nav a:text('Webhook inbox')");

        await Expect(page.Locator(".received")).ToHaveCountAsync(1);
        await Expect(page.Locator(".received .body")).ToContainTextAsync(order);
        await Expect(page.Locator(".received .headers")).ToContainTextAsync("webhook-signature");
        Assert.Equal(Merchant.MerchantId, (await Server.Services.GetRequiredService<PayState.Server.Storage.IStore>().FindObjectAsync(order, CancellationToken.None))!.MerchantId);
    }

    [Fact]
    public async Task Look_UnderAStrictContentSecurityPolicy_ButtonsBadgesAndNoticesAreStyled_AndNothingIsBlocked()
    {
        var paid = await CreateOrderAsync();
        await Server.MoveOrderAsync(paid, "Pending");
        await Server.MoveOrderAsync(paid, "Paid");
        var failed = await CreateOrderAsync();
        await Server.MoveOrderAsync(failed, "Failed");
        var page = await SignedInAsMerchantAsync();

        await page.GotoAsync("/");
        var succeededBadge = await StyleAsync(page, $"#objects tr:has(a:text('{paid}')) .badge", "backgroundColor");
        var failedBadge = await StyleAsync(page, $"#objects tr:has(a:text('{failed}')) .badge", "backgroundColor");
        var filter = await StyleAsync(page, "button:text('Filter')", "backgroundColor");
        var input = await StyleAsync(page, "input[name=external]", "borderRadius");
        var icon = await page.EvaluateAsync<int>("async () => (await fetch(document.querySelector('link[rel=icon]').href)).status");
        await page.GotoAsync("/?msg=resent");
        var success = await StyleAsync(page, ".notice", "backgroundColor");
        await page.GotoAsync("/?msg=move-refused");
        var error = await StyleAsync(page, ".notice", "backgroundColor");
        await page.GotoAsync("/?msg=Call%20us%20now");

        Assert.Equal("rgb(220, 245, 227)", succeededBadge);
        Assert.Equal("rgb(255, 225, 225)", failedBadge);
        Assert.Equal("rgb(47, 91, 211)", filter);
        Assert.Equal("6px", input);
        Assert.Equal(200, icon);
        Assert.Equal("rgb(220, 245, 227)", success);
        Assert.Equal("rgb(255, 225, 225)", error);
        await Expect(page.Locator(".notice")).ToHaveCountAsync(0);
        Assert.Empty(_blocked);
    }

    [Fact]
    public async Task ObjectPage_QrCodeIsDrawn_AndTheButtonsFollowTheState()
    {
        Receiver.AnswerWith(503);
        var order = await CreateOrderAsync();
        using var created = await Merchant.PostAsync("/api/v1/checkouts", System.Text.Json.JsonSerializer.Serialize(new
        {
            amount = 12000, currency = "EUR", notify_url = Receiver.UrlFor("/ipn"), return_url = "https://shop.example/thanks",
        }));
        var checkout = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString()!;
        var page = await SignedInAsMerchantAsync();

        await page.GotoAsync($"/objects/{order}");
        await Expect(page.Locator("#wallet-qr")).ToBeVisibleAsync();
        var qrWidth = await page.EvaluateAsync<int>("() => document.getElementById('wallet-qr').naturalWidth");
        var before = await page.Locator(".moves button").AllTextContentsAsync();
        await page.ClickAsync(".moves button:text-is('Pending')");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Pending");
        await Expect(page.Locator(".notice.success")).ToBeVisibleAsync();
        var after = await page.Locator(".moves button").AllTextContentsAsync();
        await page.GotoAsync($"/objects/{checkout}");
        await page.ClickAsync(".moves button:text-is('finish')");
        await Expect(page.Locator("#state")).ToHaveTextAsync("finish");

        Assert.True(qrWidth > 0, "the QR image did not load");
        Assert.Equal(["Pending", "Failed"], before);
        Assert.Equal(["Paid", "Failed"], after);
        await Expect(page.Locator(".moves")).ToHaveCountAsync(0);
        await Expect(page.Locator("#state")).ToHaveAttributeAsync("data-tone", "succeeded");
        Assert.Empty(_blocked);
    }

    [Fact]
    public async Task ListDeliveriesAndTimeline_ShowAmountsWithTheirCurrency_TheMerchantsName_TheShareDelivered_WhatAWaitingDeliveryWaitsFor_AndNoEmptyAnswerCell()
    {
        Receiver.Responder = r => Task.FromResult(r.Path == "/ok" ? ReceiverAnswer.NoContent : new ReceiverAnswer(503));
        var delivered = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/ok"));
        await Server.MoveOrderAsync(delivered, "Pending");
        var waiting = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/down"));
        await Server.MoveOrderAsync(waiting, "Pending");
        await WaitForDeliveriesAsync(succeeded: 1, failed: 1);
        await Server.MoveOrderAsync(waiting, "Paid");
        var page = await SignedInAsMerchantAsync();

        await Expect(page.Locator("#who")).ToHaveTextAsync("Shop");
        await Expect(page.Locator($"#objects tr:has(a:text('{delivered}')) td.amount")).ToHaveTextAsync("0.0003 USDT");
        await page.GotoAsync("/deliveries");
        await Expect(page.Locator("#delivered-percent")).ToHaveTextAsync("50 %");
        await Expect(page.Locator("#delivered")).ToContainTextAsync(delivered);
        await page.GotoAsync($"/objects/{waiting}");
        await Expect(page.Locator("#event-3 .waiting")).ToContainTextAsync("Waits for the delivery of event #2 to the same URL");
        await Expect(page.Locator("#event-2 .attempt .none")).ToHaveTextAsync("no body");
        Assert.Empty(_blocked);
    }

    [Fact]
    public async Task ContentSecurityPolicy_SignInListLiveObjectPageAndInbox_BlockNothingOfTheDashboardsOwn()
    {
        var order = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/hook"));
        var page = await NewPageAsync();
        var blocked = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal) || message.Text.StartsWith("CSP ", StringComparison.Ordinal))
                blocked.Add(message.Text);
        };
        await page.AddInitScriptAsync("document.addEventListener('securitypolicyviolation', e => console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI))");

        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=token]", TestServer.AdminToken);
        await page.ClickAsync("#signin-operator");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Objects");
        await page.GotoAsync($"/objects/{order}");
        await Server.MoveOrderAsync(order, "Pending");
        await Expect(page.Locator("#state")).ToHaveTextAsync("Pending");
        var styled = await page.EvaluateAsync<int>("() => [...document.styleSheets].reduce((n, s) => n + s.cssRules.length, 0)");
        await page.GotoAsync("/inbox");
        await Expect(page.Locator("h1")).ToContainTextAsync("inbox");

        Assert.True(styled > 0, "the stylesheet did not apply");
        Assert.Empty(blocked);
    }

    private static Task<string> StyleAsync(IPage page, string selector, string property) =>
        page.Locator(selector).First.EvaluateAsync<string>($"e => getComputedStyle(e).{property}");

    /// Every page under the dashboard's own Content-Security-Policy: a blocked style, script or image shows in _blocked.
    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUri.ToString() });
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)) _blocked.Add(message.Text);
        };
        return page;
    }

    private readonly List<string> _blocked = [];

    private async Task<IPage> SignedInAsMerchantAsync()
    {
        var page = await NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=api_key]", Merchant.ApiKey);
        await page.FillAsync("input[name=api_secret]", Merchant.ApiSecret);
        await page.ClickAsync("#signin-merchant");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Objects");
        return page;
    }

    private async Task<string> CreateOrderAsync(string? webhookUrl = null, string? externalId = null)
    {
        var fields = new Dictionary<string, object> { ["amount"] = 300, ["currency"] = "USDT", ["network"] = "ethereum" };
        if (webhookUrl is not null) fields["webhook_url"] = webhookUrl;
        if (externalId is not null) fields["external_order_id"] = externalId;
        return (await Merchant.CreateOrderAsync(fields)).GetProperty("uuid").GetString()!;
    }

    private async Task WaitForDeliveriesAsync(int succeeded, int failed)
    {
        await Eventually.HoldsAsync(
            async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded")).GetProperty("data").GetArrayLength() == succeeded
                && (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=failed")).GetProperty("data").GetArrayLength() == failed,
            $"{succeeded} delivered and {failed} failing");
    }
}
