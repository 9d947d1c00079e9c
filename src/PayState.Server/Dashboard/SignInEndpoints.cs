using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using PayState.Server.Accounts;
using PayState.Server.Dashboard.Pages;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Signing in: an operator with the admin token, a merchant with a terminal's API key and secret (of a terminal
/// that is not disabled). Rate limited per address (SignInRateLimit).
public static class SignInEndpoints
{
    public static RazorComponentResult<SignInPage> Form(HttpContext http, IAntiforgery antiforgery) =>
        Page(http, antiforgery, error: null, statusCode: 200);

    public static async Task<IResult> SignIn(
        HttpContext http, IStore store, ServiceTokens tokens, DashboardSessions sessions, DashboardForms forms, IAntiforgery antiforgery)
    {
        // Read here first, so a form that cannot be read is a 400 and not the antiforgery check's exception.
        if (await forms.ReadAsync(http) is not { } form) return DashboardForms.Refused();
        // The sign-in form carries a token too: no other site can sign a browser in as someone else.
        if (!await antiforgery.IsRequestValidAsync(http))
            return DashboardHtml.Status(400, "This form has expired or did not come from this dashboard; reload the page and try again.");
        TerminalRecord? terminal = null;
        if (form["token"].ToString() is { Length: > 0 } token)
        {
            if (!Credentials.FixedTimeEquals(tokens.AdminToken, token) || tokens.AdminToken.Length == 0) return Refused(http, antiforgery);
        }
        else
        {
            terminal = await store.FindTerminalByApiKeyAsync(form["api_key"].ToString().Trim(), http.RequestAborted);
            if (terminal is null || terminal.Disabled || !Credentials.FixedTimeEquals(terminal.ApiSecret, form["api_secret"].ToString().Trim()))
                return Refused(http, antiforgery);
        }
        await sessions.SignInAsync(http, terminal);
        return Results.Redirect(DashboardHtml.LocalPath(form["next"].ToString()));
    }

    public static async Task<IResult> SignOut(HttpContext http, DashboardSessions sessions)
    {
        await sessions.SignOutAsync(http);
        return Results.Redirect("/signin");
    }

    private static RazorComponentResult<SignInPage> Refused(HttpContext http, IAntiforgery antiforgery) =>
        Page(http, antiforgery, "Those credentials are not valid.", 401);

    private static RazorComponentResult<SignInPage> Page(HttpContext http, IAntiforgery antiforgery, string? error, int statusCode) =>
        new(new { Model = new SignInModel(antiforgery.GetAndStoreTokens(http).RequestToken ?? "", DashboardHtml.LocalPath(http.Request.Query["next"].ToString()), error) })
        {
            StatusCode = statusCode,
        };
}
