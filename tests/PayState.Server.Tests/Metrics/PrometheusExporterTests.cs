using System.Diagnostics.Metrics;
using PayState.Server.Metrics;

namespace PayState.Server.Tests.Metrics;

/// The exporter on its own: instruments of a PayState meter in, Prometheus text out, read back by a strict parser.
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public void Dispose() => _services.Dispose();

    private IMeterFactory Meters => _services.GetRequiredService<IMeterFactory>();

    [Fact]
    public void Scrape_CounterWithLabels_SumsPerSeriesAndEscapesLabelValues()
    {
        using var collector = new MetricsCollector(Meters);
        var counter = Meters.Create(PayStateMetrics.MeterName).CreateCounter<long>("test_things", description: "Things, with a \\ and\na newline.");
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("kind", "quote \" back \\ new\nline"));

        var scrape = PrometheusScrape.Parse(collector.Scrape());

        Assert.Equal("counter", scrape.Types["test_things_total"]);
        Assert.Equal("Things, with a \\\\ and\\na newline.", scrape.Help["test_things_total"]);
        Assert.Equal(5, scrape.Value("test_things_total", ("kind", "a")));
        Assert.Equal(1, scrape.Value("test_things_total", ("kind", "quote \" back \\ new\nline")));
    }

    [Fact]
    public void Scrape_Histogram_CumulativeBucketsWithInfSumAndCount()
    {
        using var collector = new MetricsCollector(Meters);
        var histogram = Meters.Create(PayStateMetrics.MeterName).CreateHistogram("test_seconds", unit: "s", description: "Durations.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 5, 50 }) histogram.Record(value, new KeyValuePair<string, object?>("route", "/x"));

        var scrape = PrometheusScrape.Parse(collector.Scrape());

        Assert.Equal("histogram", scrape.Types["test_seconds"]);
        Assert.Equal(2, scrape.Value("test_seconds_bucket", ("route", "/x"), ("le", "0.1"))); // le is inclusive
        Assert.Equal(3, scrape.Value("test_seconds_bucket", ("route", "/x"), ("le", "1")));
        Assert.Equal(4, scrape.Value("test_seconds_bucket", ("route", "/x"), ("le", "10")));
        Assert.Equal(5, scrape.Value("test_seconds_bucket", ("route", "/x"), ("le", "+Inf")));
        Assert.Equal(5, scrape.Value("test_seconds_count", ("route", "/x")));
        Assert.Equal(55.65, scrape.Value("test_seconds_sum", ("route", "/x"))!.Value, 9);
    }

    [Fact]
    public void Scrape_GaugesAndUpDownCounters_ObservedNowOrSummed()
    {
        using var collector = new MetricsCollector(Meters);
        var meter = Meters.Create(PayStateMetrics.MeterName);
        var level = 7;
        meter.CreateObservableGauge("test_level", () => level, description: "A level.");
        var updown = meter.CreateUpDownCounter<int>("test_open", description: "Open things.");
        updown.Add(3);
        updown.Add(-1);

        Assert.Equal(7, PrometheusScrape.Parse(collector.Scrape()).Value("test_level"));
        level = 4;
        var scrape = PrometheusScrape.Parse(collector.Scrape());

        Assert.Equal(4, scrape.Value("test_level"));
        Assert.Equal("gauge", scrape.Types["test_open"]);
        Assert.Equal(2, scrape.Value("test_open"));
    }

    [Fact]
    public void Scrape_MeterOfAnotherFactoryOrName_IsNotHeard()
    {
        using var collector = new MetricsCollector(Meters);
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        other.GetRequiredService<IMeterFactory>().Create(PayStateMetrics.MeterName).CreateCounter<long>("test_elsewhere").Add(1);
        Meters.Create("NotPayState").CreateCounter<long>("test_other_meter").Add(1);
        Meters.Create(PayStateMetrics.MeterName).CreateCounter<long>("test_here").Add(1);

        var scrape = PrometheusScrape.Parse(collector.Scrape());

        Assert.Equal(1, scrape.Value("test_here_total"));
        Assert.DoesNotContain(scrape.Samples, s => s.Name.StartsWith("test_elsewhere", StringComparison.Ordinal) || s.Name.StartsWith("test_other", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Number_AnyDouble_PrometheusSpelling(double value, string expected) => Assert.Equal(expected, PrometheusText.Number(value));
}
