namespace PayState.Server.Http;

/// OpenAPI metadata in one call per route. Handlers answer RawJsonResult (exact wire bytes), which the
/// generator cannot see into, so each route states its answers; the bodies are in docs/api.md.
public static class RouteDescriptions
{
    public static RouteHandlerBuilder Describe(this RouteHandlerBuilder route, string name, string summary, params int[] statusCodes)
    {
        route.WithName(name).WithSummary(summary);
        foreach (var status in statusCodes) route.Produces(status, contentType: "application/json");
        return route;
    }
}
