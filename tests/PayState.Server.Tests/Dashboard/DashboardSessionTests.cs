using System.Net;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// A dashboard session ends on the server, not only in the browser: a copy of the cookie kept after sign-out, after
/// the terminal's secrets were rotated or the terminal disabled, or after the admin token changed opens nothing.
public abstract class DashboardSessionTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task SignOut_CopyOfTheOldCookie_OpensNothingAndCannotResend()
    {
        var order = await CreateOrderAsync();
        using var client = await DashboardClient.SignedInAsOperatorAsync(Server);
        await client.GetAsync($"objects/{order}");
        var cookie = SessionCookie(client);
        var csrf = client.Cookies.GetCookies(Server.BaseUri)["paystate_csrf"]!.Value;
        var token = client.Token!;

        using var signedOut = await client.PostAsync("signout", []);
        using var replayed = WithCookie(cookie);
        replayed.Cookies.Add(Server.BaseUri, new Cookie("paystate_csrf", csrf));
        var (status, _) = await replayed.GetAsync($"objects/{order}");
        using var move = await replayed.PostAsync($"objects/{order}/sandbox/move", [("move", "status:Pending"), ("__RequestVerificationToken", token)], withToken: false);

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, status);
        Assert.Equal(HttpStatusCode.Unauthorized, move.StatusCode);
        Assert.Equal(0, Server.CountRows("events"));
    }

    [Fact]
    public async Task RotateTerminal_MerchantSessionOfThatTerminal_Ends()
    {
        using var merchant = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);
        using var operatorClient = await DashboardClient.SignedInAsOperatorAsync(Server);
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("")).Status);

        using var rotated = await Server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{Merchant.TerminalUuid}/rotate");

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await merchant.GetAsync("")).Status);
        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("")).Status);
    }

    [Fact]
    public async Task DisableTerminal_MerchantSessionEnds_AndSignInIsRefusedUntilEnabled()
    {
        using var merchant = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        using var disabled = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{Merchant.TerminalUuid}", """{"disabled":true}""");
        var (afterDisable, _) = await merchant.GetAsync("");
        using var again = new DashboardClient(Server);
        using var refused = await again.SignInAsync(("api_key", Merchant.ApiKey), ("api_secret", Merchant.ApiSecret));
        using var enabled = await Server.AdminAsync(HttpMethod.Patch, $"admin/v1/terminals/{Merchant.TerminalUuid}", """{"disabled":false}""");
        using var accepted = await again.SignInAsync(("api_key", Merchant.ApiKey), ("api_secret", Merchant.ApiSecret));

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, afterDisable);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("")).Status);
    }

    [Fact]
    public async Task AdminTokenChanged_OperatorSessionEnds_MerchantSessionStays()
    {
        using var operatorClient = await DashboardClient.SignedInAsOperatorAsync(Server);
        using var merchant = await DashboardClient.SignedInAsMerchantAsync(Server, Merchant);

        await Server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_ADMIN_TOKEN"] = "a-new-admin-token" });

        Assert.Equal(HttpStatusCode.Redirect, (await operatorClient.GetAsync("")).Status);
        Assert.Equal(HttpStatusCode.OK, (await merchant.GetAsync("")).Status);
    }

    [Fact]
    public async Task AdminTokenUnchanged_OperatorSessionSurvivesARestart()
    {
        using var operatorClient = await DashboardClient.SignedInAsOperatorAsync(Server);

        await Server.RestartAsync();

        Assert.Equal(HttpStatusCode.OK, (await operatorClient.GetAsync("")).Status);
    }

    [Fact]
    public async Task SignOut_LiveStreamOpenedWithTheSession_EndsAtTheNextChange()
    {
        var order = await CreateOrderAsync();
        using var client = await DashboardClient.SignedInAsOperatorAsync(Server);
        await client.GetAsync($"objects/{order}");
        using var streamClient = new HttpClient(new HttpClientHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false });
        using var stream = await streamClient.GetAsync(new Uri(Server.BaseUri, $"objects/{order}/live"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.Equal(": live", await reader.ReadLineAsync());
        // The stream first sends the object's fingerprint as it is now.
        while (await reader.ReadLineAsync() is { } line && !line.StartsWith("data:", StringComparison.Ordinal))
        {
        }

        using var signedOut = await client.PostAsync("signout", []);
        await Server.MoveOrderAsync(order, "Pending");
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.DoesNotContain("data:", rest, StringComparison.Ordinal);
    }

    private async Task<string> CreateOrderAsync() => (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;

    private string SessionCookie(DashboardClient client) => client.Cookies.GetCookies(Server.BaseUri)["paystate_session"]!.Value;

    private DashboardClient WithCookie(string session)
    {
        var client = new DashboardClient(Server);
        client.Cookies.Add(Server.BaseUri, new Cookie("paystate_session", session));
        return client;
    }
}

public sealed class DashboardSessionTestsOnSqlite() : DashboardSessionTests(Backend.Sqlite);

public sealed class DashboardSessionTestsOnPostgres() : DashboardSessionTests(Backend.Postgres);
