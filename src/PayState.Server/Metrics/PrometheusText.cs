using System.Globalization;
using System.Text;

namespace PayState.Server.Metrics;

/// Renders instruments in the Prometheus text exposition format 0.0.4: HELP and TYPE lines, one sample per
/// series, histograms as cumulative _bucket{le=...} samples with _sum and _count.
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<InstrumentSeries> instruments)
    {
        var text = new StringBuilder(4096);
        foreach (var instrument in instruments)
        {
            var name = MetricName(instrument);
            text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(instrument.Instrument.Description ?? "")).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(instrument.Type switch
            {
                MetricType.Counter => "counter",
                MetricType.Histogram => "histogram",
                _ => "gauge",
            }).Append('\n');
            if (instrument.Type == MetricType.Histogram) AppendHistograms(text, name, instrument);
            else
            {
                foreach (var (key, cell) in instrument.Values.OrderBy(v => v.Key.ToString(), StringComparer.Ordinal))
                    AppendSample(text, name, key.Labels(), cell.Value);
            }
        }
        return text.ToString();
    }

    private static void AppendHistograms(StringBuilder text, string name, InstrumentSeries instrument)
    {
        foreach (var (key, cell) in instrument.Histograms.OrderBy(v => v.Key.ToString(), StringComparer.Ordinal))
        {
            var labels = key.Labels().ToList();
            long cumulative = 0;
            for (var i = 0; i <= cell.Bounds.Count; i++)
            {
                cumulative += cell.BucketCount(i);
                var le = i < cell.Bounds.Count ? Number(cell.Bounds[i]) : "+Inf";
                AppendSample(text, name + "_bucket", [.. labels, ("le", le)], cumulative);
            }
            AppendSample(text, name + "_sum", labels, cell.Sum);
            AppendSample(text, name + "_count", labels, cell.Count);
        }
    }

    private static void AppendSample(StringBuilder text, string name, IEnumerable<(string Name, string Value)> labels, double value)
    {
        text.Append(name);
        var first = true;
        foreach (var (label, labelValue) in labels)
        {
            text.Append(first ? '{' : ',').Append(Sanitize(label)).Append("=\"").Append(EscapeLabel(labelValue)).Append('"');
            first = false;
        }
        if (!first) text.Append('}');
        text.Append(' ').Append(Number(value)).Append('\n');
    }

    /// Counters end in _total, as Prometheus expects of a counter's samples.
    public static string MetricName(InstrumentSeries instrument)
    {
        var name = Sanitize(instrument.Instrument.Name);
        return instrument.Type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    public static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// Metric and label names allow [a-zA-Z0-9_:] (no leading digit); anything else becomes '_'.
    public static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
        {
            var c = chars[i];
            var ok = char.IsAsciiLetter(c) || c is '_' or ':' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok) chars[i] = '_';
        }
        return new string(chars);
    }

    public static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    public static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
