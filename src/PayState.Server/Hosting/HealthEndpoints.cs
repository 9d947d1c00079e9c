using PayState.Server.Acquiring.Chain;
using PayState.Server.Delivery;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        var operations = app.MapGroup("").WithTags("Operations");
        operations.MapGet("/healthz", () => JsonBytes.Result(200, j => { j.WriteStartObject(); j.WriteString("status", "ok"); j.WriteEndObject(); }))
            .WithName("Health").WithSummary("Liveness: the process answers")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        operations.MapGet("/readyz", Ready)
            .WithName("Ready").WithSummary("Readiness: database reachable with migrations applied, dispatcher alive")
            .Produces(StatusCodes.Status200OK, contentType: "application/json")
            .Produces(StatusCodes.Status503ServiceUnavailable, contentType: "application/json");
        return app;
    }

    /// Ready when the database answers with this build's migrations applied and the delivery dispatcher's loop
    /// lives (or is switched off on purpose). A 503 names the checks that failed under "failing". The chain watchers are
    /// reported (how far behind, whether the node answers) without making the process unready.
    public static async Task<RawJsonResult> Ready(IStore store, DispatcherHeartbeat dispatcher, ChainStatus chain, CancellationToken cancellationToken)
    {
        var database = await store.PingAsync(cancellationToken);
        var state = dispatcher.State;
        var ok = database && dispatcher.IsHealthy;
        return JsonBytes.Result(ok ? 200 : 503, j =>
        {
            j.WriteStartObject();
            j.WriteString("status", ok ? "ready" : "unavailable");
            j.WriteBoolean("database", database);
            j.WriteString("dispatcher", state.ToString().ToLowerInvariant());
            chain.Write(j);
            if (!ok)
            {
                j.WriteStartArray("failing");
                if (!database) j.WriteStringValue("database");
                if (!dispatcher.IsHealthy) j.WriteStringValue("dispatcher");
                j.WriteEndArray();
            }
            j.WriteEndObject();
        });
    }
}
