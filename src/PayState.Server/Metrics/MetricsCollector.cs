using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace PayState.Server.Metrics;

/// Listens to this server's PayState meter and keeps what /metrics renders. Only meters made by this host's
/// IMeterFactory are heard, so several servers in one process (the tests) keep apart.
public sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> _instruments = new();

    public MetricsCollector(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter.Scope, meters) || instrument.Meter.Name != PayStateMetrics.MeterName) return;
            var series = new InstrumentSeries(instrument);
            _instruments[instrument] = series;
            listener.EnableMeasurementEvents(instrument, series);
        };
        _listener.MeasurementsCompleted = (instrument, _) => _instruments.TryRemove(instrument, out InstrumentSeries? _);
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// Reads the observable instruments (gauges) now, then renders everything in the Prometheus text format.
    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        return PrometheusText.Render(_instruments.Values.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal));
    }

    public void Dispose() => _listener.Dispose();
}
