using System.Globalization;

namespace PayState.Bench;

/// PostgreSQL's figures beside SQLite's of the same run: one process, two, and two through the delay relay.
public sealed record PostgresFigures(Figures Sqlite, Figures One, Figures Two, double RelayDelayMs, (Figures One, Figures Two)? Relayed)
{
    public string ResultLine()
    {
        var (relayOne, relayTwo) = Relayed is { } r ? (r.One.DeliveriesPerSecond, r.Two.DeliveriesPerSecond) : (0, 0);
        return string.Create(CultureInfo.InvariantCulture,
            $"RESULT_POSTGRES deliveries_per_s={One.DeliveriesPerSecond:0} vs_sqlite={One.DeliveriesPerSecond / Sqlite.DeliveriesPerSecond:0.00} " +
            $"cores_busy={One.CoresBusy:0.00} two_process_per_s={Two.DeliveriesPerSecond:0} latency_p99_ms={One.LatencyP99:0.0} " +
            $"two_process_latency_p99_ms={Two.LatencyP99:0.0} reads_per_s={One.ReadsPerSecond:0} read_ratio={One.ReadRatio:0.000} " +
            $"relay_delay_ms={RelayDelayMs:0.#} relay_one_per_s={relayOne:0} relay_two_per_s={relayTwo:0} " +
            $"relay_scale={(relayOne > 0 ? relayTwo / relayOne : 0):0.00}");
    }
}
