namespace PayState.Server.Hosting;

/// The OpenAPI description at /openapi/v1.json. Every public route is in it (OpenApiTests checks the document
/// against the routing table); a route that is not public API (the document itself, the dashboard's pages)
/// says so with ExcludeFromDescription() where it is mapped.
public static class OpenApiDocument
{
    public static IServiceCollection AddPayStateOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
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
