using System.Text.Json;

namespace PayState.Server.Acquiring.Chain;

/// Every watcher of this process, as /readyz and the dashboard show them.
public sealed class ChainStatus(IEnumerable<WatcherStatus> watchers)
{
    public IReadOnlyList<WatcherStatus> All { get; } = [.. watchers];

    /// "chain": {"ethereum": {"state", "head", "finished_block", "blocks_behind", "error"}}. Readiness does not hang on
    /// it: the API answers rightly while a node is away, and orders wait for the watcher to catch up.
    public void Write(Utf8JsonWriter json)
    {
        if (All.Count == 0) return;
        json.WriteStartObject("chain");
        foreach (var w in All)
        {
            json.WriteStartObject(w.Network);
            json.WriteString("state", StateName(w.State));
            if (w.Head is { } head) json.WriteNumber("head", head);
            else json.WriteNull("head");
            if (w.FinishedBlock is { } finished) json.WriteNumber("finished_block", finished);
            else json.WriteNull("finished_block");
            json.WriteNumber("blocks_behind", w.BlocksBehind);
            if (w.LastError is { } error) json.WriteString("error", error);
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    public static string StateName(WatcherState state) => state switch
    {
        WatcherState.RpcUnreachable => "rpc_unreachable",
        WatcherState.WrongChain => "wrong_chain",
        _ => state.ToString().ToLowerInvariant(),
    };
}
