using System.Numerics;
using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring.Chain;

/// Sandbox only, with a watched network: pays an order on the chain from the node's first account (Anvil's funded
/// development accounts, which the node signs for), so the whole loop runs on a laptop. Real nodes hold no accounts
/// and refuse.
public static class SandboxPayment
{
    /// transfer(address,uint256)
    private const string TransferSelector = "a9059cbb";

    public static IEndpointRouteBuilder MapSandboxPayments(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/sandbox/v1/acquiring").WithTags("Sandbox").AddEndpointFilter<MerchantAuthFilter>()
            .MapPost("/order/{uuid}/pay", Pay)
            .Describe("SandboxPayOrder", "Sandbox: pay an order on the development chain from the node's first account", 200, 400, 401, 404, 409);
        return app;
    }

    public static async Task<RawJsonResult> Pay(
        string uuid, HttpContext http, IStore store, ChainOptions chain)
    {
        BigInteger? amount;
        var body = await RequestBody.ReadAsync(http);
        using (var request = body.IsEmpty ? null : JsonRequest.Parse(body, "amount"))
            amount = request?.Has("amount") == true ? request.RequiredAmount("amount") : null;
        var found = await store.FindObjectAsync(uuid, http.RequestAborted);
        if (found is null || found.Kind != AcquiringOrderKind.KindName || found.MerchantId != http.Terminal().MerchantId)
            throw ApiException.NotFound($"Order {uuid}");
        var order = AcquiringOrderJson.ReadDocument(found.Data);
        var watch = chain.For(order.Currency.Network)
            ?? throw new ApiException(409, "network_not_watched", $"PayState watches no {order.Currency.Network} chain: set PAYSTATE_ETHEREUM_RPC to a development node.");
        var rpc = ChainServices.Rpc(http.RequestServices, watch);
        var accounts = await rpc.AccountsAsync(http.RequestAborted);
        var from = accounts.Count > 0 ? accounts[0] : throw new ApiException(409, "no_node_account", "The node holds no account to pay from: the sandbox pays on a development node such as Anvil.");
        var value = amount ?? order.Amount;
        var txHash = order.Currency.TokenAddress is { } contract
            ? await rpc.SendTransactionAsync(from, contract, BigInteger.Zero, TransferData(order.WalletAddress, value), http.RequestAborted)
            : await rpc.SendTransactionAsync(from, order.WalletAddress, value, null, http.RequestAborted);
        foreach (var watcher in http.RequestServices.GetServices<ChainWatcher>().Where(w => w.Status.Network == watch.Network)) watcher.Wake();
        return JsonBytes.Result(200, json =>
        {
            json.WriteStartObject();
            json.WriteString("tx_hash", txHash);
            json.WriteString("from", from);
            json.WriteString("to", order.WalletAddress);
            json.WriteString("amount", value.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("currency", order.Currency.Symbol);
            json.WriteEndObject();
        });
    }

    /// The ABI call data of transfer(to, value): the selector, then both arguments as 32-byte words.
    public static string TransferData(string to, BigInteger value)
    {
        var amount = value.ToString("x64", System.Globalization.CultureInfo.InvariantCulture);
        return "0x" + TransferSelector + new string('0', 24) + to[2..].ToLowerInvariant() + amount[^64..];
    }
}
