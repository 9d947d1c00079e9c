using Microsoft.Playwright;
using PayState.Server.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace PayState.Server.Tests.Dashboard;

/// The main pages in a browser with realistic data: the deliveries view with a dead and a failing host and its
/// bulk resend. With PAYSTATE_SCREENSHOTS set to a folder (docs/images), it also saves the README's screenshots.
public sealed class DashboardScreenshotTests(BrowserFixture browser) : ServerTestBase(Backend.Sqlite), IClassFixture<BrowserFixture>
{
    private static readonly string? Folder = Environment.GetEnvironmentVariable("PAYSTATE_SCREENSHOTS");

    [Fact]
    public async Task MainPages_WithDeadFailingAndDeliveredWebhooks_RenderAndBulkResendWorks()
    {
        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_RETRY_SCHEDULE"] = "1" });
        Receiver.Responder = r => Task.FromResult(r.Path == "/ok" ? ReceiverAnswer.NoContent : new ReceiverAnswer(503, "maintenance"));
        var dead = await CreateOrderAsync("ORD-1001", Receiver.UrlFor("/down"));
        await Server.MoveOrderAsync(dead, "Pending");
        await Eventually.HoldsAsync(() => Receiver.All.Count == 1, "one webhook received");
        await Merchant.WaitForDeliveriesSettledAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        await Eventually.HoldsAsync(() => Receiver.All.Count == 2, "two webhooks received");
        const string failingHost = "localhost";
        var failing = await CreateOrderAsync("ORD-1002", $"http://localhost:{Receiver.BaseUri.Port}/down");
        await Server.MoveOrderAsync(failing, "Pending");
        // Its Paid webhook waits behind the failing Pending one: events go to a URL in order.
        await Server.MoveOrderAsync(failing, "Paid");
        var inbox = new Uri(Server.BaseUri, "sandbox/inbox/shop").ToString();
        var paid = await CreateOrderAsync("ORD-1003", inbox);
        await Server.MoveOrderAsync(paid, "Pending");
        await Server.MoveOrderAsync(paid, "Paid");
        await CreateOrderAsync("ORD-1004", Receiver.UrlFor("/ok"));
        using var checkout = await Merchant.PostAsync("/api/v1/checkouts", System.Text.Json.JsonSerializer.Serialize(new
        {
            order_ref_1 = "CART-5521", order_ref_2 = "web", amount = 12000, currency = "EUR", notify_url = Receiver.UrlFor("/ok"), return_url = "https://shop.example/thanks",
        }));
        using var session = await Merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"cust-0042"}""");
        await Eventually.HoldsAsync(() => Receiver.All.Count == 3, "three webhooks received");
        var page = await SignedInAsOperatorAsync();

        await Save(page, "list.png");
        await page.GotoAsync($"/objects/{paid}");
        await Expect(page.Locator("#event-3 .delivery")).ToHaveAttributeAsync("data-status", "succeeded");
        await Save(page, "object.png");
        await page.GotoAsync($"/objects/{failing}");
        await Expect(page.Locator("#event-3 .waiting")).ToContainTextAsync("Waits for the delivery of event #2");
        await page.GotoAsync("/inbox");
        await Expect(page.Locator(".received")).ToHaveCountAsync(2);
        await Save(page, "inbox.png");
        await page.GotoAsync("/deliveries");
        await Expect(page.Locator("#delivered tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#delivered-percent")).ToHaveTextAsync("50 %");
        var deadRow = page.Locator("tr[data-host='127.0.0.1']");
        await Expect(deadRow.Locator("td").Nth(2)).ToHaveTextAsync("1");
        await Expect(page.Locator($"tr[data-host='{failingHost}'] td").Nth(1)).ToHaveTextAsync("1");
        await page.ClickAsync($"tr[data-host='{failingHost}'] a");
        await Expect(page.Locator("#host-deliveries tbody tr")).ToHaveCountAsync(1);
        await Expect(page.Locator("#host-deliveries")).ToContainTextAsync(failing);
        await Save(page, "deliveries.png");

        Receiver.Responder = _ => Task.FromResult(ReceiverAnswer.NoContent);
        await deadRow.Locator("button.resend-dead").ClickAsync();

        await Expect(page.Locator("[role=status]")).ToContainTextAsync("1 dead delivery queued");
        await Eventually.HoldsAsync(() => Receiver.All.Count(r => r.Path == "/down") >= 3, "three attempts at /down");
    }

    private static async Task Save(IPage page, string name)
    {
        if (Folder is null) return;
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name), FullPage = false });
    }

    private async Task<IPage> SignedInAsOperatorAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Server.BaseUri.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.FillAsync("input[name=token]", TestServer.AdminToken);
        await page.ClickAsync("#signin-operator");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Objects");
        return page;
    }

    private async Task<string> CreateOrderAsync(string externalId, string webhookUrl) =>
        (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", external_order_id = externalId, webhook_url = webhookUrl }))
            .GetProperty("uuid").GetString()!;
}
