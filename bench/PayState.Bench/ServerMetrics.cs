using System.Globalization;

namespace PayState.Bench;

/// One scrape of a server's /metrics (Prometheus text): a series' value by its name and labels as written.
public sealed class ServerMetrics(string[] lines)
{
    public static async Task<ServerMetrics> ReadAsync(HttpClient http, Uri server) =>
        new((await http.GetStringAsync(new Uri(server, "metrics"))).Split('\n'));

    /// e.g. "paystate_held_waits" or "paystate_gc_collections_total{generation=\"0\"}".
    public double this[string series] =>
        double.Parse(lines.Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], CultureInfo.InvariantCulture);
}
