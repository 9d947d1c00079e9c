using System.Diagnostics.Metrics;
using PayState.Server.Metrics;

namespace PayState.Server.Acquiring.Chain;

/// The watchers' instruments, on PayState's meter (so /metrics renders them with the rest), labelled by network.
public sealed class ChainMetrics
{
    private readonly Counter<long> _reorganisations;
    private readonly Counter<long> _paidRemoved;

    public ChainMetrics(IMeterFactory meters, IEnumerable<WatcherStatus> watchers)
    {
        var meter = meters.Create(PayStateMetrics.MeterName);
        var all = watchers.ToList();
        meter.CreateObservableGauge("paystate_chain_blocks_behind",
            () => all.Select(w => new Measurement<long>(w.BlocksBehind, new KeyValuePair<string, object?>("network", w.Network))),
            description: "Blocks between the chain's head and the last block the watcher finished (0 until the first head is known).");
        meter.CreateObservableGauge("paystate_chain_watcher_up",
            () => all.Select(w => new Measurement<int>(w.State is WatcherState.Following or WatcherState.Behind or WatcherState.Standby ? 1 : 0,
                new KeyValuePair<string, object?>("network", w.Network))),
            description: "1 while the network's watcher reaches its node (or stands by for another process's), 0 when the node is unreachable or on another chain.");
        _reorganisations = meter.CreateCounter<long>("paystate_chain_reorganisations",
            description: "Reorganisations the watcher followed back, by network.");
        _paidRemoved = meter.CreateCounter<long>("paystate_chain_paid_transfers_removed",
            description: "Transfers of Paid orders whose block left the chain: reorganisations deeper than the confirmations.");
        foreach (var w in all)
        {
            _reorganisations.Add(0, new KeyValuePair<string, object?>("network", w.Network));
            _paidRemoved.Add(0, new KeyValuePair<string, object?>("network", w.Network));
        }
    }

    public void Reorganised(string network) => _reorganisations.Add(1, new KeyValuePair<string, object?>("network", network));

    public void PaidTransferRemoved(string network) => _paidRemoved.Add(1, new KeyValuePair<string, object?>("network", network));
}
