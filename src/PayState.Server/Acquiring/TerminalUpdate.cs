using System.Text.Json;
using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// PATCH /admin/v1/terminals/{terminal_uuid}: a terminal's settings (disabled, and its wallets). Members not given
/// stay as they are; an unknown member is refused by name. A disabled terminal's API key is refused and its dashboard
/// sessions end (DashboardSessions checks the terminal on every request) until it is enabled again; its objects keep
/// their lifecycle and webhooks.
public static class TerminalUpdate
{
    public static IEndpointRouteBuilder MapTerminalUpdate(this IEndpointRouteBuilder app)
    {
        app.MapAdminGroup().MapPatch("/terminals/{terminalUuid}", Patch)
            .Describe("UpdateTerminal", "Change a terminal: disable or enable it, its wallet key and confirmations per network", 200, 400, 401, 404, 409);
        return app;
    }

    public static async Task<RawJsonResult> Patch(string terminalUuid, HttpContext http, IStore store, TimeProvider clock, TokenTable tokens)
    {
        var patch = TerminalPatch.Read(await RequestBody.ReadAsync(http), tokens);
        var now = UnixMicros.Truncate(clock.GetUtcNow());
        var (terminal, stored) = await store.WriteAsync(tx =>
        {
            var terminal = tx.FindTerminal(terminalUuid) ?? throw ApiException.NotFound($"Terminal {terminalUuid}");
            var changed = patch.Apply(terminal);
            tx.UpdateTerminal(changed);
            foreach (var change in patch.Wallets) Apply(tx, terminal.Id, change, now);
            return (changed, tx.Chain.FindTerminalWallets(terminal.Id));
        }, http.RequestAborted);
        return JsonBytes.Result(200, json => Write(json, terminal, stored));
    }

    private static void Apply(IStoreTransaction tx, string terminalId, WalletChange change, DateTimeOffset now)
    {
        if (change.Xpub is { } key && tx.Chain.FindKeyHolder(change.Network, key.Text) is { } holder && holder != terminalId)
            throw new ApiException(409, "xpub_in_use",
                $"wallets.{change.Network}.xpub: this key is already set on terminal {holder} for {change.Network}; two terminals would hand out the same addresses.", $"wallets.{change.Network}.xpub");
        var next = change.Apply(terminalId, tx.Chain.FindTerminalWallet(terminalId, change.Network), now);
        if (next is null) tx.Chain.DeleteTerminalWallet(terminalId, change.Network);
        else tx.Chain.SetTerminalWallet(next);
    }

    /// The terminal without its secrets: its id, its merchant, whether it is disabled, and its wallets.
    public static void Write(Utf8JsonWriter json, TerminalRecord terminal, IReadOnlyList<TerminalWallet> wallets)
    {
        json.WriteStartObject();
        json.WriteString("terminal_uuid", terminal.Id);
        json.WriteString("merchant_id", terminal.MerchantId);
        json.WriteBoolean("disabled", terminal.Disabled);
        json.WriteString("created_at", WireTime.Write(terminal.CreatedAt));
        json.WriteStartObject("wallets");
        foreach (var wallet in wallets)
        {
            json.WriteStartObject(wallet.Network);
            json.WriteString("xpub", wallet.Xpub);
            if (wallet.Confirmations is { } count) json.WriteNumber("confirmations", count);
            else json.WriteNull("confirmations");
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
