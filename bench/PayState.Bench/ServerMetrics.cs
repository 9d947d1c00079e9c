using System.Globalization;
using System.Numerics;

namespace PayState.Bench;

/// One scrape of a server's /metrics (Prometheus text): a series' value by its name and labels as written.
public sealed class ServerMetrics(string[] lines)
{
    public static async Task<ServerMetrics> ReadAsync(HttpClient http, Uri server) =>
        new((await http.GetStringAsync(new Uri(server, "metrics"))).Split('\n'));

    /// One scrape of each server process, each read into a figure, and the figures summed.
    public static async Task<T> SumAsync<T>(Rig rig, Func<ServerMetrics, T> read) where T : IAdditionOperators<T, T, T>
    {
        T? sum = default;
        foreach (var node in rig.Nodes)
        {
            var figure = read(await ReadAsync(rig.Http, node.BaseUri));
            sum = sum is null ? figure : sum + figure;
        }
        return sum ?? throw new InvalidOperationException("The rig runs no server.");
    }

    /// e.g. "paystate_held_waits" or "paystate_gc_collections_total{generation=\"0\"}".
    public double this[string series] =>
        double.Parse(lines.Single(l => l.StartsWith(series + " ", StringComparison.Ordinal))[(series.Length + 1)..], CultureInfo.InvariantCulture);
}
