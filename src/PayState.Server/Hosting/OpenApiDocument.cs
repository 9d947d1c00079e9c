namespace PayState.Server.Hosting;

/// The OpenAPI description at /openapi/v1.json. Every public route is in it (OpenApiTests checks the document
/// against the routing table); a route that is not public API (the document itself, the dashboard's pages)
/// says so with ExcludeFromDescription() where it is mapped. Its server is PAYSTATE_PUBLIC_URL, never the request's
/// Host header (which anyone sending the request chooses); without one the document names no server, which means
/// the document's own origin.
public static class OpenApiDocument
{
    public static IServiceCollection AddPayStateOpenApi(this IServiceCollection services, Uri? publicUrl) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = publicUrl is null ? [] : [new Microsoft.OpenApi.OpenApiServer { Url = publicUrl.ToString().TrimEnd('/') }];
            document.Info.Title = "PayState";
            document.Info.Description = "Payment status service: acquiring orders, checkouts, verification sessions, events, " +
                "webhook deliveries, and the processor, admin and operations endpoints. Wire formats: docs/api.md.";
            return Task.CompletedTask;
        }));

    public static WebApplication MapPayStateOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").ExcludeFromDescription();
        return app;
    }
}
