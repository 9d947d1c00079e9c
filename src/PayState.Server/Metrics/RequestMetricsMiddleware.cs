namespace PayState.Server.Metrics;

/// Counts every answered request by its matched route pattern (never the raw path, whose ids would make a
/// series per object), its method and its final status code.
public sealed class RequestMetricsMiddleware(RequestDelegate next, PayStateMetrics metrics)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch
        {
            metrics.RequestAnswered(Route(context), Method(context.Request.Method), 500);
            throw;
        }
        metrics.RequestAnswered(Route(context), Method(context.Request.Method), context.Response.StatusCode);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Trimmed = new(StringComparer.Ordinal);

    // A group's "" route reads "/api/v1/events/"; the label (like the OpenAPI path) drops that slash, once per pattern.
    private static string Route(HttpContext context) =>
        context.GetEndpoint() is not RouteEndpoint { RoutePattern.RawText: { } pattern } ? "unmatched"
        : pattern.Length > 1 && pattern[^1] == '/' ? Trimmed.GetOrAdd(pattern, static p => p.TrimEnd('/'))
        : pattern;

    // Known methods only: a client's made-up method must not make a series of its own.
    private static string Method(string method) =>
        HttpMethods.IsGet(method) ? HttpMethods.Get
        : HttpMethods.IsPost(method) ? HttpMethods.Post
        : HttpMethods.IsPatch(method) ? HttpMethods.Patch
        : HttpMethods.IsPut(method) ? HttpMethods.Put
        : HttpMethods.IsDelete(method) ? HttpMethods.Delete
        : HttpMethods.IsHead(method) ? HttpMethods.Head
        : HttpMethods.IsOptions(method) ? HttpMethods.Options
        : "OTHER";
}
