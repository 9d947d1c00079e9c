using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Verification;

/// Seed 004's payment instrument verification sessions: the merchant creates and reads them, the processor
/// moves them.
public static class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        var merchant = app.MapGroup("/api/v1/piv/sessions").WithTags("Verification sessions").AddEndpointFilter<MerchantAuthFilter>();
        merchant.MapPost("", CreateSession).Describe("CreateVerificationSession", "Create a payment instrument verification session", 201, 400, 401);
        merchant.MapGet("/{sessionId}", GetSession).Describe("GetVerificationSession", "A verification session's current status", 200, 401, 404);

        app.MapGroup("/processor/v1/piv/sessions").WithTags("Processor")
            .AddEndpointFilter(new BearerTokenFilter(t => t.ProcessorToken, "processor"))
            .MapPost("/{sessionId}/status", MoveSession).Describe("MoveVerificationSession", "Processor: move a verification session to a new status", 200, 400, 401, 404, 409);
        return app;
    }

    public static Task<RawJsonResult> CreateSession(HttpContext http, IStore store, LifecycleEngine engine) =>
        ObjectCreation.CreateAsync(http, VerificationKind.KindName, store, engine);

    public static async Task<RawJsonResult> GetSession(string sessionId, HttpContext http, IStore store)
    {
        var session = await store.FindObjectAsync(sessionId, http.RequestAborted);
        if (session is null || session.Kind != VerificationKind.KindName || session.MerchantId != http.Terminal().MerchantId)
            throw ApiException.NotFound($"Session {sessionId}");
        return new RawJsonResult(200, System.Text.Encoding.UTF8.GetBytes(session.Data));
    }

    public static async Task<RawJsonResult> MoveSession(string sessionId, HttpContext http, LifecycleEngine engine)
    {
        string status;
        string? reason;
        var body = await RequestBody.ReadAsync(http);
        using (var request = JsonRequest.Parse(body, "sessionStatus", "statusReason"))
        {
            status = request.RequiredString("sessionStatus");
            // ACTIVE, where a session starts, is refused as a move, with the reason.
            if (!SessionStatus.All.Contains(status))
                throw ApiException.Invalid("sessionStatus", $"'{status}' is not a status the processor sets; use one of {string.Join(", ", SessionStatus.ProcessorSet)}.");
            reason = request.OptionalString("statusReason");
            if (status == SessionStatus.Failed && reason is null) throw ApiException.Invalid("statusReason", "is required with FAILED.");
            if (status != SessionStatus.Failed && request.Has("statusReason")) throw ApiException.Invalid("statusReason", $"is only for FAILED, not {status}.");
            if (reason is not null && !SessionStatus.Reasons.Contains(reason))
                throw ApiException.Invalid("statusReason", $"'{reason}' is not a reason; use one of {string.Join(", ", SessionStatus.Reasons)}.");
        }
        var result = await engine.ChangeAsync(
            VerificationKind.KindName, sessionId, new SessionMove(status, reason), MoveKey.For(http, body), http.RequestAborted);
        return new RawJsonResult(200, System.Text.Encoding.UTF8.GetBytes(result.Changed($"Session {sessionId}").Data));
    }
}
