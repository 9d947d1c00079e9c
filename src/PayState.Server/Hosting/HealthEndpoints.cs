using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => JsonBytes.Result(200, j => { j.WriteStartObject(); j.WriteString("status", "ok"); j.WriteEndObject(); }))
            .WithTags("Operations");
        app.MapGet("/readyz", Ready).WithTags("Operations");
        return app;
    }

    /// Ready when the database answers and its migrations are applied.
    public static async Task<RawJsonResult> Ready(IStore store, CancellationToken cancellationToken)
    {
        var ok = await store.PingAsync(cancellationToken);
        return JsonBytes.Result(ok ? 200 : 503, j =>
        {
            j.WriteStartObject();
            j.WriteString("status", ok ? "ready" : "unavailable");
            j.WriteBoolean("database", ok);
            j.WriteEndObject();
        });
    }
}
