using PayState.Server.Http;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// The admin API: merchants, their options and terminals, and secret rotation.
public static class AdminEndpoints
{
    /// How long the old webhook secret keeps signing beside the new one after a rotation.
    public static readonly TimeSpan RotationOverlap = TimeSpan.FromHours(24);

    /// The admin API's routes, behind the admin token; a slice with settings of its own maps them here too (a terminal's
    /// wallets: Acquiring's TerminalUpdate).
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder app) =>
        app.MapGroup("/admin/v1").WithTags("Admin").AddEndpointFilter(new BearerTokenFilter(t => t.AdminToken, "admin"));

    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder app)
    {
        var admin = app.MapAdminGroup();
        admin.MapPost("/merchants", CreateMerchant).Describe("CreateMerchant", "Create a merchant", 201, 400, 401);
        admin.MapGet("/merchants", ListMerchants).Describe("ListMerchants", "Every merchant", 200, 401);
        admin.MapGet("/merchants/{id}", GetMerchant).Describe("GetMerchant", "One merchant with its terminals", 200, 401, 404);
        admin.MapPatch("/merchants/{id}", UpdateMerchant).Describe("UpdateMerchant", "Change a merchant's options", 200, 400, 401, 404);
        admin.MapPost("/merchants/{id}/terminals", CreateTerminal).Describe("CreateTerminal", "Create a terminal: API key, API secret and webhook secret, shown once", 201, 401, 404);
        admin.MapPost("/terminals/{terminalUuid}/rotate", RotateTerminal).Describe("RotateTerminal", "Rotate a terminal's secrets; the old webhook secret signs beside the new one for 24 h", 200, 401, 404);
        return app;
    }

    public static async Task<RawJsonResult> CreateMerchant(HttpContext http, IStore store, TimeProvider clock, WebhookUrlPolicy urls)
    {
        using var request = JsonRequest.Parse(await RequestBody.ReadAsync(http), MerchantOptions.Fields);
        if (!request.Has("name")) throw ApiException.Invalid("name", "is required.");
        var now = UnixMicros.Truncate(clock.GetUtcNow());
        var merchant = MerchantOptions.Apply(request, new MerchantRecord(SecureIds.NewMerchantId(now), "", false, null, null, new Dictionary<string, string>(), now), urls);
        await MerchantOptions.CheckResolvedAsync(request, urls, http.RequestAborted);
        await store.WriteAsync(tx => { tx.InsertMerchant(merchant); return true; }, http.RequestAborted);
        return JsonBytes.Result(201, json => MerchantJson.Write(json, merchant));
    }

    public static async Task<RawJsonResult> ListMerchants(HttpContext http, IStore store)
    {
        var merchants = await store.ListMerchantsAsync(http.RequestAborted);
        return JsonBytes.Result(200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("data");
            foreach (var m in merchants) MerchantJson.Write(json, m);
            json.WriteEndArray();
            json.WriteEndObject();
        });
    }

    public static async Task<RawJsonResult> GetMerchant(string id, HttpContext http, IStore store)
    {
        var merchant = await store.FindMerchantAsync(id, http.RequestAborted) ?? throw ApiException.NotFound($"Merchant {id}");
        return JsonBytes.Result(200, json => MerchantJson.Write(json, merchant));
    }

    public static async Task<RawJsonResult> UpdateMerchant(string id, HttpContext http, IStore store, WebhookUrlPolicy urls)
    {
        using var request = JsonRequest.Parse(await RequestBody.ReadAsync(http), MerchantOptions.Fields);
        await MerchantOptions.CheckResolvedAsync(request, urls, http.RequestAborted);
        var updated = await store.WriteAsync(tx =>
        {
            var merchant = tx.FindMerchant(id) ?? throw ApiException.NotFound($"Merchant {id}");
            var changed = MerchantOptions.Apply(request, merchant, urls);
            tx.UpdateMerchant(changed);
            return changed;
        }, http.RequestAborted);
        return JsonBytes.Result(200, json => MerchantJson.Write(json, updated));
    }

    public static async Task<RawJsonResult> CreateTerminal(string id, HttpContext http, IStore store, TimeProvider clock)
    {
        var now = UnixMicros.Truncate(clock.GetUtcNow());
        var terminal = new TerminalRecord(SecureIds.NewUuid(), id, Credentials.NewApiKey(), Credentials.NewApiSecret(), Credentials.NewWebhookSecret(), null, null, now);
        await store.WriteAsync(tx =>
        {
            if (tx.FindMerchant(id) is null) throw ApiException.NotFound($"Merchant {id}");
            tx.InsertTerminal(terminal);
            return true;
        }, http.RequestAborted);
        return JsonBytes.Result(201, json => MerchantJson.WriteCredentials(json, terminal));
    }

    /// A new API secret at once (the old one stops working: rotation is what a leak calls for); a new webhook
    /// secret, with the old one still signing beside it for 24 h so receivers can switch without losing events.
    public static async Task<RawJsonResult> RotateTerminal(
        string terminalUuid, HttpContext http, IStore store, TimeProvider clock, ISecretRotationObserver rotations)
    {
        var now = UnixMicros.Truncate(clock.GetUtcNow());
        var rotated = await store.WriteAsync(tx =>
        {
            var terminal = tx.FindTerminal(terminalUuid) ?? throw ApiException.NotFound($"Terminal {terminalUuid}");
            var next = terminal with
            {
                ApiSecret = Credentials.NewApiSecret(),
                WebhookSecret = Credentials.NewWebhookSecret(),
                PreviousWebhookSecret = terminal.WebhookSecret,
                PreviousSecretValidUntil = now + RotationOverlap,
            };
            tx.UpdateTerminal(next);
            return next;
        }, http.RequestAborted);
        rotations.Rotated(rotated.Id);
        return JsonBytes.Result(200, json => MerchantJson.WriteCredentials(json, rotated));
    }
}
