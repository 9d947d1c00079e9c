using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PayState.Server.Metrics;

public enum MetricType
{
    Counter,
    Gauge,
    Histogram,
}

/// Every series of one instrument, aggregated the way Prometheus exposes it: counters add up, up-down
/// counters are gauges that add up, observed values replace the last one, histograms fill buckets.
internal sealed class InstrumentSeries
{
    /// Prometheus' default buckets, for a histogram that advises none.
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly ConcurrentDictionary<SeriesKey, ValueCell> _values = new();
    private readonly ConcurrentDictionary<SeriesKey, HistogramCell> _histograms = new();
    private readonly IReadOnlyList<double> _bounds;
    private readonly bool _replaces;

    public InstrumentSeries(Instrument instrument)
    {
        Instrument = instrument;
        var definition = instrument.GetType().GetGenericTypeDefinition();
        // An observable instrument reports its current total or level; a synchronous one reports a change.
        _replaces = instrument.IsObservable || definition == typeof(Gauge<>);
        Type = definition == typeof(Histogram<>) ? MetricType.Histogram
            : definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? MetricType.Counter
            : MetricType.Gauge;
        _bounds = (instrument as Instrument<double>)?.Advice?.HistogramBucketBoundaries
            ?? (IReadOnlyList<double>?)(instrument as Instrument<long>)?.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray()
            ?? DefaultBounds;
    }

    public Instrument Instrument { get; }

    public MetricType Type { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey.From(tags);
        if (Type == MetricType.Histogram)
        {
            (_histograms.TryGetValue(key, out var h) ? h : _histograms.GetOrAdd(key, _ => new HistogramCell(_bounds))).Record(value);
            return;
        }
        var cell = _values.TryGetValue(key, out var c) ? c : _values.GetOrAdd(key, _ => new ValueCell());
        if (_replaces) cell.Set(value);
        else cell.Add(value);
    }

    public IEnumerable<(SeriesKey Key, ValueCell Cell)> Values => _values.Select(kv => (kv.Key, kv.Value));

    public IEnumerable<(SeriesKey Key, HistogramCell Cell)> Histograms => _histograms.Select(kv => (kv.Key, kv.Value));
}
