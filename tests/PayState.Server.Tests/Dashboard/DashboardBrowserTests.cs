using Microsoft.Playwright;
using PayState.Server.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PayState.Server.Tests.Dashboard;

/// The dashboard in a real browser (SQLite: these test the pages; the store behind them is tested on both backends):
/// signing in, finding an order, watching an attempt appear live, pressing resend, the sandbox loop.
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

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.BaseUri.ToString() });
        return await context.NewPageAsync();
    }

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
}
