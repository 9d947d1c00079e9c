namespace PayState.Server.Dashboard;

/// The dashboard, served at /: server-rendered Razor components, a little JavaScript for the live page.
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app, bool sandbox)
    {
        var dashboard = app.MapGroup("").AddEndpointFilter<DashboardHeaders>().ExcludeFromDescription();
        dashboard.MapGet("/signin", SignInEndpoints.Form);
        dashboard.MapPost("/signin", SignInEndpoints.SignIn).RequireRateLimiting(SignInRateLimit.Policy);
        dashboard.MapGet("/dashboard/assets/{name}", DashboardAssets.Serve);

        var pages = dashboard.MapGroup("").AddEndpointFilter<DashboardAuthFilter>();
        pages.MapGet("/", ObjectPages.List);
        pages.MapGet("/objects/{id}", ObjectPages.Show);
        pages.MapGet("/objects/{id}/live", ObjectLiveStream.Stream);
        pages.MapPost("/objects/{id}/deliveries/{deliveryId}/resend", DashboardActions.Resend);
        pages.MapGet("/deliveries", DeliveryPages.Hosts);
        foreach (var page in app.ServiceProvider.GetServices<DashboardPage>()) pages.MapGet(page.Path, page.Handler);
        pages.MapPost("/deliveries/resend-dead", DashboardActions.ResendDead);
        pages.MapPost("/signout", SignInEndpoints.SignOut);
        if (!sandbox) return app;

        // The sandbox's loop in the browser: lifecycle buttons and a webhook target on the server itself.
        pages.MapPost("/objects/{id}/sandbox/move", DashboardActions.Move);
        pages.MapGet("/inbox", SandboxInbox.Page);
        pages.MapPost("/sandbox/orders", SandboxOrders.Create);
        app.MapPost("/sandbox/inbox/{name}", SandboxInbox.Receive).ExcludeFromDescription();
        return app;
    }
}
