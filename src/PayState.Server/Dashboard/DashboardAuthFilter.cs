using Microsoft.AspNetCore.Antiforgery;

namespace PayState.Server.Dashboard;

/// Guards every dashboard route: a live session, and on anything that changes something (POST) a readable form with
/// a valid antiforgery token, checked here once so no button can forget it.
public sealed class DashboardAuthFilter(DashboardSessions sessions, DashboardForms forms, IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (await sessions.ReadAsync(http) is not { } viewer)
        {
            if (!HttpMethods.IsGet(http.Request.Method)) return DashboardHtml.Status(401, "Sign in again: your session has ended.");
            var back = http.Request.Path + http.Request.QueryString;
            return Results.Redirect("/signin?next=" + Uri.EscapeDataString(back));
        }
        if (HttpMethods.IsPost(http.Request.Method))
        {
            if (await forms.ReadAsync(http) is null) return DashboardForms.Refused();
            try
            {
                await antiforgery.ValidateRequestAsync(http);
            }
            catch (AntiforgeryValidationException)
            {
                return DashboardHtml.Status(400, "This form has expired or did not come from this dashboard; reload the page and try again.");
            }
        }
        http.Items[typeof(Viewer)] = viewer;
        return await next(context);
    }
}
