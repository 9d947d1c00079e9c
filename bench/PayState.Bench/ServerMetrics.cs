using System.Globalization;
using System.Numerics;

namespace PayState.Bench;

/// One scrape of a server's /metrics (Prometheus text): a series' value by its name and labels as written.
public sealed class ServerMetrics
{
    private readonly Dictionary<string, double> _series = new(StringComparer.Ordinal);

    public ServerMetrics(string[] lines)
    {
        foreach (var line in lines)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var end = SeriesEnd(line);
            // A series without labels may be written "name{}"; a timestamp may follow the value.
            var series = line[..end].Replace("{}", "", StringComparison.Ordinal);
            var value = line[(end + 1)..].Split(' ')[0];
            _series[series] = double.Parse(value, CultureInfo.InvariantCulture);
        }
    }

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

    /// e.g. "paystate_held_waits" or "dotnet_gc_collections_total{gc_heap_generation=\"gen0\"}".
    public double this[string series] =>
        _series.TryGetValue(series, out var value) ? value : throw new KeyNotFoundException($"The server's /metrics has no series {series}.");

    /// Where the name and labels end: the first space outside a quoted label value.
    private static int SeriesEnd(string line)
    {
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\') i++;
            else if (line[i] == '"') quoted = !quoted;
            else if (line[i] == ' ' && !quoted) return i;
        }
        throw new FormatException($"No value in the /metrics line '{line}'.");
    }
}
