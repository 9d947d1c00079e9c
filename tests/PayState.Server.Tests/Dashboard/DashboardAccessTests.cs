using System.Net;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// Who may see and do what in the dashboard: sign-in, the session cookie, merchant isolation, CSRF.
public abstract class DashboardAccessTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task SignIn_AdminToken_SeesEveryMerchantsObjects()
    {
        var other = await Server.CreateMerchantAsync("Other shop");
        var mine = await CreateOrderAsync(Merchant);
        var theirs = await CreateOrderAsync(other);
        using var operatorClient = await DashboardClient.SignedInAsOperatorAsync(Server);

        var (status, html) = await operatorClient.GetAsync("");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(mine, html, StringComparison.Ordinal);
        Assert.Contains(theirs, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("token", "wrong-admin-token")]
    [InlineData("api_secret", "sk_wrong")]
    public async Task SignIn_WrongCredentials_RefusedWithoutSession(string field, string value)
    {
        using var client = new DashboardClient(Server);
        var fields = field == "token" ? new[] { ("token", value) } : [("api_key", Merchant.ApiKey), ("api_secret", value)];

        using var response = await client.SignInAsync(fields);
        var (status, _) = await client.GetAsync("");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    [Theory]
    [InlineData("/deliveries", "/deliveries")]
    [InlineData("//evil.example/", "/")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData("/%2F/evil.example", "/")]
    public async Task SignIn_NextPage_GoesBackOnlyWithinTheDashboard(string next, string expected)
    {
        using var client = new DashboardClient(Server);
        await client.GetAsync("signin");

        using var response = await client.PostAsync("signin", [("token", TestServer.AdminToken), ("next", next)]);

        Assert.Equal(expected, response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task SignIn_WithoutAntiforgeryToken_Refused()
    {
        using var client = new DashboardClient(Server);
        await client.GetAsync("signin");

        using var response = await client.PostAsync("signin", [("token", TestServer.AdminToken)], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Session_Cookie_IsHttpOnlySameSiteStrictAndExpiresAfterEightHours()
    {
        using var client = new DashboardClient(Server);
        using var response = await client.SignInAsync(("token", TestServer.AdminToken));
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("paystate_session=", StringComparison.Ordinal));

        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("deliveries")).Status);
        Server.Clock.Advance(TimeSpan.FromHours(8));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("deliveries")).Status);
    }

    [Fact]
    public async Task Session_ForgedCookie_RedirectsToSignIn()
    {
        using var client = new DashboardClient(Server);
        client.Cookies.Add(Server.BaseUri, new Cookie("paystate_session", "Kg.AAAA"));

        var (status, _) = await client.GetAsync("");

        Assert.Equal(HttpStatusCode.Redirect, status);
    }

    [Fact]
    public async Task Restart_SessionAndFormToken_StillAccepted()
    {
        var order = await CreateOrderAsync(Merchant);
        using var client = await DashboardClient.SignedInAsOperatorAsync(Server);
        await client.GetAsync($"objects/{order}");

        await Server.RestartAsync();
        using var response = await client.PostAsync($"objects/{order}/sandbox/move", [("move", "Pending")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(1, Server.CountRows("events"));
    }

    [Fact]
    public async Task Merchant_AnotherMerchantsObject_IsNotFoundAndNotListed()
    {
        var other = await Server.CreateMerchantAsync("Other shop");
        var theirs = await CreateOrderAsync(other, Receiver.UrlFor("/theirs"));
        await Server.MoveOrderAsync(theirs, "Pending");
        var mine = await CreateOrderAsync(Merchant);
        var delivery = (await other.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0].GetProperty("id").GetString()!;
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        var (listStatus, list) = await client.GetAsync("");
        var (pageStatus, _) = await client.GetAsync($"objects/{theirs}");
        var (liveStatus, _) = await client.GetAsync($"objects/{theirs}/live");
        using var resend = await client.PostAsync($"objects/{theirs}/deliveries/{delivery}/resend", []);
        var filtered = (await client.GetAsync($"?merchant={other.MerchantId}")).Html;

        Assert.Equal(HttpStatusCode.OK, listStatus);
        Assert.Contains(mine, list, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, list, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, filtered, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, pageStatus);
        Assert.Equal(HttpStatusCode.NotFound, liveStatus);
        Assert.Equal(HttpStatusCode.NotFound, resend.StatusCode);
    }

    [Fact]
    public async Task Resend_WithoutAntiforgeryToken_RefusedAndNothingSentAgain()
    {
        var order = await CreateOrderAsync(Merchant, Receiver.UrlFor("/hook"));
        await Server.MoveOrderAsync(order, "Pending");
        await Receiver.NextAsync();
        await Merchant.WaitForDeliveriesSettledAsync();
        var delivery = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0].GetProperty("id").GetString()!;
        using var client = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        await client.GetAsync($"objects/{order}");

        using var forged = await client.PostAsync($"objects/{order}/deliveries/{delivery}/resend", [], withToken: false);
        using var real = await client.PostAsync($"objects/{order}/deliveries/{delivery}/resend", []);
        var again = await Receiver.NextAsync();
        await Merchant.WaitForDeliveriesSettledAsync();

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // The first send and the real resend: a forged resend that went through would have been a third.
        Assert.Equal(2, Receiver.All.Count);
        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(Receiver.All[0].Header("webhook-id"), again.Header("webhook-id"));
    }

    private static async Task<string> CreateOrderAsync(MerchantClient merchant, string? webhookUrl = null) =>
        (await merchant.CreateOrderAsync(webhookUrl is null
            ? new { amount = 300, currency = "USDT", network = "ethereum" }
            : new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = webhookUrl })).GetProperty("uuid").GetString()!;
}

public sealed class DashboardAccessTestsOnSqlite() : DashboardAccessTests(Backend.Sqlite);

public sealed class DashboardAccessTestsOnPostgres() : DashboardAccessTests(Backend.Postgres);
