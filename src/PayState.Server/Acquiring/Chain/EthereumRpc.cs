using System.Net.Http.Headers;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace PayState.Server.Acquiring.Chain;

/// The few Ethereum JSON-RPC calls the watcher and the sandbox's payments make, over plain HTTP. Ranges of blocks go
/// in one batch request; Transfer logs are filtered by the node (contracts, and recipients as topics).
public sealed class EthereumRpc(HttpClient http, Uri endpoint)
{
    /// keccak256("Transfer(address,address,uint256)"), the ERC-20 Transfer event's first topic.
    public const string TransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

    // Recipients per eth_getLogs: nodes and providers bound a filter's size.
    private const int AddressesPerFilter = 200;

    public async Task<long> BlockNumberAsync(CancellationToken cancellationToken) =>
        HexQuantity.ToLong((await CallAsync("eth_blockNumber", "[]", cancellationToken).ConfigureAwait(false)).GetString()!);

    public async Task<long> ChainIdAsync(CancellationToken cancellationToken) =>
        HexQuantity.ToLong((await CallAsync("eth_chainId", "[]", cancellationToken).ConfigureAwait(false)).GetString()!);

    public async Task<IReadOnlyList<string>> AccountsAsync(CancellationToken cancellationToken) =>
        [.. (await CallAsync("eth_accounts", "[]", cancellationToken).ConfigureAwait(false)).EnumerateArray().Select(a => a.GetString()!)];

    /// Blocks from..to in one batch, in order; with their transactions when asked.
    public async Task<IReadOnlyList<RpcBlock>> BlocksAsync(long from, long to, bool transactions, CancellationToken cancellationToken)
    {
        var calls = new List<(string, string)>();
        for (var n = from; n <= to; n++) calls.Add(("eth_getBlockByNumber", $"[\"{HexQuantity.Of(n)}\",{(transactions ? "true" : "false")}]"));
        var answers = await BatchAsync(calls, cancellationToken).ConfigureAwait(false);
        return [.. answers.Select((a, i) => a.ValueKind == JsonValueKind.Null
            ? throw new ChainMovedException($"Block {from + i} is not on the node (any more).")
            : Block(a, transactions))];
    }

    /// ERC-20 Transfer logs from..to of these contracts to these recipients (lower-case 0x hex).
    public async Task<IReadOnlyList<RpcTransferLog>> TransferLogsAsync(
        long from, long to, IReadOnlyList<string> contracts, IReadOnlyList<string> recipients, CancellationToken cancellationToken)
    {
        var logs = new List<RpcTransferLog>();
        if (contracts.Count == 0) return logs;
        foreach (var chunk in recipients.Chunk(AddressesPerFilter))
        {
            var filter = Json(w =>
            {
                w.WriteString("fromBlock", HexQuantity.Of(from));
                w.WriteString("toBlock", HexQuantity.Of(to));
                w.WriteStartArray("address");
                foreach (var contract in contracts) w.WriteStringValue(contract);
                w.WriteEndArray();
                w.WriteStartArray("topics");
                w.WriteStringValue(TransferTopic);
                w.WriteNullValue();
                w.WriteStartArray();
                foreach (var recipient in chunk) w.WriteStringValue(HexQuantity.AddressTopic(recipient));
                w.WriteEndArray();
                w.WriteEndArray();
            });
            var answer = await CallAsync("eth_getLogs", $"[{filter}]", cancellationToken).ConfigureAwait(false);
            foreach (var log in answer.EnumerateArray())
            {
                if (Log(log) is { } transfer) logs.Add(transfer);
            }
        }
        return logs;
    }

    /// eth_sendTransaction from an account the node holds (a development node's); returns the transaction hash.
    public async Task<string> SendTransactionAsync(string from, string to, BigInteger value, string? data, CancellationToken cancellationToken)
    {
        var transaction = Json(w =>
        {
            w.WriteString("from", from);
            w.WriteString("to", to);
            w.WriteString("value", HexQuantity.Of(value));
            if (data is not null) w.WriteString("data", data);
        });
        var parameters = $"[{transaction}]";
        return (await CallAsync("eth_sendTransaction", parameters, cancellationToken).ConfigureAwait(false)).GetString()!;
    }

    private static string Json(Action<Utf8JsonWriter> members) => Encoding.UTF8.GetString(Http.JsonBytes.Write(w =>
    {
        w.WriteStartObject();
        members(w);
        w.WriteEndObject();
    }));

    private async Task<JsonElement> CallAsync(string method, string parameters, CancellationToken cancellationToken) =>
        (await BatchAsync([(method, parameters)], cancellationToken).ConfigureAwait(false))[0];

    /// Sends the calls as one JSON-RPC batch (a single call as a plain request) and returns the results in order.
    private async Task<IReadOnlyList<JsonElement>> BatchAsync(List<(string Method, string Params)> calls, CancellationToken cancellationToken)
    {
        var body = new StringBuilder(calls.Count == 1 ? "" : "[");
        for (var i = 0; i < calls.Count; i++)
            body.Append(i == 0 ? "" : ",").Append($"{{\"jsonrpc\":\"2.0\",\"id\":{i},\"method\":\"{calls[i].Method}\",\"params\":{calls[i].Params}}}");
        if (calls.Count > 1) body.Append(']');
        using var content = new StringContent(body.ToString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(endpoint, content, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"The node answered {(int)response.StatusCode}.", null, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
        var items = answer.RootElement.ValueKind == JsonValueKind.Array ? [.. answer.RootElement.EnumerateArray()] : new[] { answer.RootElement };
        var results = new JsonElement[calls.Count];
        foreach (var item in items)
        {
            if (item.TryGetProperty("error", out var error))
                throw new RpcException($"The node refused {calls[0].Method}: {(error.TryGetProperty("message", out var m) ? m.GetString() : error.GetRawText())}");
            if (!item.TryGetProperty("id", out var id) || !id.TryGetInt32(out var index) || index < 0 || index >= calls.Count)
                throw new RpcException("The node answered a call that was not made.");
            results[index] = item.GetProperty("result").Clone();
        }
        return results.Any(r => r.ValueKind == JsonValueKind.Undefined) ? throw new RpcException("The node left calls unanswered.") : results;
    }

    private static RpcBlock Block(JsonElement b, bool transactions) => new(
        HexQuantity.ToLong(b.GetProperty("number").GetString()!),
        b.GetProperty("hash").GetString()!.ToLowerInvariant(),
        b.GetProperty("parentHash").GetString()!.ToLowerInvariant(),
        DateTimeOffset.FromUnixTimeSeconds(HexQuantity.ToLong(b.GetProperty("timestamp").GetString()!)),
        transactions ? [.. b.GetProperty("transactions").EnumerateArray().Select(Transaction)] : []);

    private static RpcTransaction Transaction(JsonElement t) => new(
        t.GetProperty("hash").GetString()!.ToLowerInvariant(),
        t.GetProperty("from").GetString()!.ToLowerInvariant(),
        t.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String ? to.GetString()!.ToLowerInvariant() : null,
        HexQuantity.ToBigInteger(t.GetProperty("value").GetString()!));

    /// A Transfer(address indexed, address indexed, uint256) log; null for another event with the same first topic
    /// (ERC-721's Transfer indexes its third argument too) or a log the node marks removed.
    private static RpcTransferLog? Log(JsonElement log)
    {
        var topics = log.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToArray();
        if (topics.Length != 3 || (log.TryGetProperty("removed", out var removed) && removed.GetBoolean())) return null;
        return new RpcTransferLog(
            log.GetProperty("address").GetString()!.ToLowerInvariant(),
            HexQuantity.TopicAddress(topics[1]),
            HexQuantity.TopicAddress(topics[2]),
            HexQuantity.ToBigInteger(log.GetProperty("data").GetString()!),
            HexQuantity.ToLong(log.GetProperty("blockNumber").GetString()!),
            log.GetProperty("blockHash").GetString()!.ToLowerInvariant(),
            log.GetProperty("transactionHash").GetString()!.ToLowerInvariant(),
            (int)HexQuantity.ToLong(log.GetProperty("logIndex").GetString()!));
    }
}
