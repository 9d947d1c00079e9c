namespace PayState.Server.Dashboard;

/// The headers of every dashboard answer. The Content-Security-Policy allows the dashboard's own script,
/// stylesheet, server-sent events, fetches and forms, and nothing inline or from elsewhere; pages are never framed;
/// no Referer leaves a page (dashboard URLs hold object ids, and a checkout's id is its shopper's credential); and
/// nothing is sniffed as another type.
public sealed class DashboardHeaders : IEndpointFilter
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    public static void Apply(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        Apply(context.HttpContext.Response);
        return next(context);
    }
}
