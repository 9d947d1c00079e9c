using System.Globalization;
using System.Text;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Metrics;

public sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

/// A strict reader of the Prometheus text format 0.0.4, so tests check what a Prometheus server would parse:
/// every sample belongs to a family announced by TYPE (with its HELP), labels are quoted and escaped, values are
/// numbers (a timestamp may follow).
public sealed class PrometheusScrape
{
    private static readonly string[] MetricTypes = ["counter", "gauge", "histogram", "summary", "untyped"];
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count"];

    private PrometheusScrape(List<PrometheusSample> samples, Dictionary<string, string> types, Dictionary<string, string> help)
    {
        Samples = samples;
        Types = types;
        Help = help;
    }

    public IReadOnlyList<PrometheusSample> Samples { get; }

    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyDictionary<string, string> Help { get; }

    public static async Task<PrometheusScrape> FetchAsync(TestServer server)
    {
        using var response = await server.Http.GetAsync(new Uri(server.BaseUri, "metrics"));
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return Parse(await response.Content.ReadAsStringAsync());
    }

    /// The value of the one sample with this name and exactly these labels, or null when there is none.
    public double? Value(string name, params (string Name, string Value)[] labels) =>
        Samples.SingleOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))?.Value;

    /// The sum over the samples with this name that carry at least these labels (0 when none does), as PromQL's
    /// sum(name{labels}) would read it.
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value)).Sum(s => s.Value);

    public static PrometheusScrape Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var samples = new List<PrometheusSample>();
        var types = new Dictionary<string, string>();
        var help = new Dictionary<string, string>();
        foreach (var line in text.Split('\n').Where(l => l.Length > 0))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                help.Add(rest[..space], rest[(space + 1)..]);
                continue;
            }
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                Assert.Contains(parts[3], MetricTypes);
                types.Add(parts[2], parts[3]);
                continue;
            }
            samples.Add(ParseSample(line));
        }
        foreach (var sample in samples)
        {
            var family = types.ContainsKey(sample.Name) ? sample.Name
                : HistogramSuffixes.Where(s => sample.Name.EndsWith(s, StringComparison.Ordinal))
                    .Select(s => sample.Name[..^s.Length]).FirstOrDefault(f => types.GetValueOrDefault(f) == "histogram");
            Assert.True(family is not null, $"Sample {sample.Name} has no TYPE line.");
            Assert.True(help.ContainsKey(family), $"Family {family} has no HELP line.");
        }
        return new PrometheusScrape(samples, types, help);
    }

    private static PrometheusSample ParseSample(string line)
    {
        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':')) i++;
        var name = line[..i];
        Assert.False(string.IsNullOrEmpty(name), $"No metric name in '{line}'");
        var labels = new Dictionary<string, string>();
        if (line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var label = line[i..eq];
                Assert.Matches("^[a-zA-Z_][a-zA-Z0-9_]*$", label);
                Assert.Equal('"', line[eq + 1]);
                var value = new StringBuilder();
                i = eq + 2;
                while (line[i] != '"')
                {
                    if (line[i] == '\\')
                    {
                        i++;
                        value.Append(line[i] switch { 'n' => '\n', '\\' => '\\', '"' => '"', _ => throw new FormatException($"Bad escape in '{line}'") });
                    }
                    else value.Append(line[i]);
                    i++;
                }
                labels.Add(label, value.ToString());
                i++;
                if (line[i] == ',') i++;
            }
            i++;
        }
        Assert.Equal(' ', line[i]);
        var fields = line[(i + 1)..].Split(' ');
        Assert.InRange(fields.Length, 1, 2);
        if (fields.Length == 2) Assert.True(long.TryParse(fields[1], CultureInfo.InvariantCulture, out _), $"Bad timestamp in '{line}'");
        var text = fields[0];
        var number = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(name, labels, number);
    }
}
