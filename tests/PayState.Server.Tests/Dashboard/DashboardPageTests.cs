using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// What the pages show, over HTTP: only the moves the state allows, messages chosen by code, amounts with their
/// currency, coloured states, the merchant's name, the QR code as an image, how deliveries go and what a waiting one
/// waits for; and no inline style or script, so a strict Content-Security-Policy holds. (SQLite: the store queries
/// behind them are tested on both backends.)
public sealed partial class DashboardPageTests() : ServerTestBase(Backend.Sqlite)
{
    [Fact]
    public async Task ObjectPage_LifecycleButtons_AreOnlyTheMovesItsStateAllows()
    {
        // The IPN is refused, so the approved checkout stays waiting for its answer.
        Receiver.AnswerWith(503);
        var order = await CreateOrderAsync();
        var checkout = await CreateCheckoutAsync();
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var created = Buttons((await client.GetAsync($"objects/{order}")).Html);
        await Server.MoveOrderAsync(order, "Pending");
        var pending = Buttons((await client.GetAsync($"objects/{order}")).Html);
        await Server.MoveOrderAsync(order, "Paid");
        var paid = (await client.GetAsync($"objects/{order}")).Html;
        await ProcessorAsync($"processor/v1/checkout/{checkout}/approve", "");
        var waiting = Buttons((await client.GetAsync($"objects/{checkout}")).Html);
        await ProcessorAsync($"processor/v1/checkout/{checkout}/action", """{"action":"finish"}""");
        var finished = (await client.GetAsync($"objects/{checkout}")).Html;

        Assert.Equal(["Pending", "Failed"], created);
        Assert.Equal(["Paid", "Failed"], pending);
        Assert.DoesNotContain("sandbox/move", paid, StringComparison.Ordinal);
        Assert.DoesNotContain("approved", waiting);
        Assert.DoesNotContain("on_hold", waiting);
        Assert.DoesNotContain("action:wait_for_confirmation", waiting);
        Assert.Contains("action:finish", waiting);
        Assert.DoesNotContain("sandbox/move", finished, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("resent", "", "notice success", "Delivery queued to be sent again.")]
    [InlineData("dead-resent", "3", "notice success", "3 dead deliveries queued to be sent again.")]
    [InlineData("move-refused", "", "notice error", "That move is not allowed from the object&#x27;s current state")]
    public async Task Message_KnownCode_ShowsItsSentenceAsSuccessOrError(string code, string count, string kind, string text)
    {
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var html = (await client.GetAsync($"?msg={code}&n={count}")).Html;

        Assert.Matches($"<p class=\"{kind}\" role=\"(status|alert)\">{Regex.Escape(text)}", html);
    }

    [Theory]
    [InlineData("Your%20account%20is%20locked%3A%20call%20%2B1%20555%200100")]
    [InlineData("dead-resent&n=lots")]
    public async Task Message_AnythingButAKnownCode_ShowsNothing(string query)
    {
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var html = (await client.GetAsync($"?msg={query}")).Html;

        Assert.DoesNotContain("class=\"notice", html, StringComparison.Ordinal);
        Assert.DoesNotContain("locked", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ShowsAmountsWithTheirCurrency_StatesByTone_AndMerchantNames()
    {
        var paid = await CreateOrderAsync(amount: "1500000");
        await Server.MoveOrderAsync(paid, "Pending");
        await Server.MoveOrderAsync(paid, "Paid");
        var failed = await CreateOrderAsync(amount: "1606938044258990275541962092341162602522202993782792835301376");
        await Server.MoveOrderAsync(failed, "Failed");
        var checkout = await CreateCheckoutAsync();
        using var operatorClient = await DashboardClient.SignedInAsOperatorAsync(Server);
        using var merchantClient = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var list = (await operatorClient.GetAsync("")).Html;
        var merchantList = (await merchantClient.GetAsync("")).Html;

        Assert.Equal(("1.5 USDT", "succeeded", "Shop"), Row(list, paid));
        Assert.Equal(("1606938044258990275541962092341162602522202993782792835.301376 USDT", "failed", "Shop"), Row(list, failed));
        Assert.Equal(("120.00 EUR", "active", "Shop"), Row(list, checkout));
        Assert.Contains("<span class=\"who\" id=\"who\" title=\"every merchant\">Operator</span>", list, StringComparison.Ordinal);
        Assert.Contains($"<span class=\"who\" id=\"who\" title=\"{Merchant.MerchantId}\">Shop</span>", merchantList, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectPage_Order_DrawsTheQrCodeOfItsStatusAnswerAsAnImageOnlyItsMerchantGets()
    {
        var order = await CreateOrderAsync();
        var other = await Server.CreateMerchantAsync("Other shop");
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        using var stranger = await DashboardClient.SignedInAsMerchantAsync(Server, other);

        var html = (await client.GetAsync($"objects/{order}")).Html;
        using var image = await client.GetRawAsync($"objects/{order}/qr.png");
        using var theirs = await stranger.GetRawAsync($"objects/{order}/qr.png");

        Assert.Contains($"<img id=\"wallet-qr\" src=\"/objects/{order}/qr.png\"", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        var (_, answer) = await Merchant.GetOrderAsync(order);
        var qr = JsonDocument.Parse(answer).RootElement.GetProperty("data").GetProperty("wallet").GetProperty("wallet_qr").GetString()!;
        Assert.Equal(Convert.FromBase64String(qr), await image.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
    }

    [Fact]
    public async Task Deliveries_ShowsTheLatestDeliveredAndTheShareDelivered()
    {
        Receiver.Responder = r => Task.FromResult(r.Path == "/ok" ? ReceiverAnswer.NoContent : new ReceiverAnswer(503));
        var delivered = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/ok"));
        await Server.MoveOrderAsync(delivered, "Pending");
        var failing = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/down"));
        await Server.MoveOrderAsync(failing, "Pending");
        await WaitForAsync(async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=failed")).GetProperty("data").GetArrayLength() == 1
            && (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded")).GetProperty("data").GetArrayLength() == 1);
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var html = (await client.GetAsync("deliveries")).Html;

        Assert.Contains("<strong id=\"delivered-percent\">50 %</strong>", html, StringComparison.Ordinal);
        var table = Regex.Match(html, "<table id=\"delivered\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains(delivered, table, StringComparison.Ordinal);
        Assert.DoesNotContain(failing, table, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ObjectPage_DeliveryBehindAnOpenEarlierOne_SaysWhatItWaitsForInsteadOfAPastTime()
    {
        Receiver.AnswerWith(503);
        var order = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/down"));
        await Server.MoveOrderAsync(order, "Pending");
        await Receiver.NextAsync();
        await Server.MoveOrderAsync(order, "Paid");
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var html = (await client.GetAsync($"objects/{order}")).Html;

        var second = Regex.Match(html, "<li class=\"event\" id=\"event-3\">.*?</li>", RegexOptions.Singleline).Value;
        Assert.Contains("Waits for the delivery of event #2 to the same URL", second, StringComparison.Ordinal);
        Assert.DoesNotContain("next 20", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_HaveAFavicon_AndNoInlineStyleOrScript()
    {
        var order = await CreateOrderAsync(webhookUrl: Receiver.UrlFor("/hook"));
        await Server.MoveOrderAsync(order, "Pending");
        await Receiver.NextAsync();
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        using var anonymous = new DashboardClient(Server);

        var pages = new List<string> { (await anonymous.GetAsync("signin")).Html };
        foreach (var path in new[] { "", $"objects/{order}", "deliveries", "inbox", "objects/nope" }) pages.Add((await client.GetAsync(path)).Html);
        using var icon = await client.GetRawAsync("dashboard/assets/favicon.svg");

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.All(pages, html =>
        {
            Assert.Contains("<link rel=\"icon\" href=\"/dashboard/assets/favicon.svg\"", html, StringComparison.Ordinal);
            Assert.DoesNotMatch("(?i)\\sstyle=|<style|\\son[a-z]+=", html);
            Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)", html);
        });
    }

    private static List<string> Buttons(string html) =>
        [.. Regex.Matches(Regex.Match(html, "<form method=\"post\" action=\"/objects/[^\"]+/sandbox/move\".*?</form>", RegexOptions.Singleline).Value,
            "<button type=\"submit\" name=\"move\" value=\"([^\"]+)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))];

    /// The amount, state tone and merchant of an object's row in the list.
    private static (string Amount, string Tone, string Merchant) Row(string html, string id)
    {
        var row = Regex.Match(html, $"<tr>(?:(?!</tr>).)*{id}(?:(?!</tr>).)*</tr>", RegexOptions.Singleline).Value;
        Assert.False(string.IsNullOrEmpty(row), $"No row for {id}");
        var amount = Regex.Match(row, "<td class=\"amount\">([^<]*)</td>").Groups[1].Value;
        var tone = Regex.Match(row, "data-tone=\"([a-z]+)\"").Groups[1].Value;
        var merchant = Regex.Matches(row, "<td>([^<]*)</td>")[^1].Groups[1].Value;
        return (amount, tone, merchant);
    }

    private async Task<string> CreateOrderAsync(string amount = "300", string? webhookUrl = null)
    {
        var body = $$"""{"amount":{{amount}},"currency":"USDT","network":"ethereum"{{(webhookUrl is null ? "" : $",\"webhook_url\":\"{webhookUrl}\"")}}}""";
        using var response = await Merchant.PostAsync("/api/public/v1/acquiring/order", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
    }

    private async Task<string> CreateCheckoutAsync()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            amount = 12000, currency = "EUR", notify_url = Receiver.UrlFor("/ipn"), return_url = "https://shop.example/thanks",
        }));
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString()!;
    }

    private async Task ProcessorAsync(string path, string body)
    {
        using var response = await Server.ProcessorAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static Task WaitForAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, "the condition");
}
