using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace PayState.Server.Tests.Support;

/// Every span a server's tracer provider ends, kept in memory: an in-process exporter for trace tests, kept across
/// restarts (each new provider gets a sink of its own into the same log). Spans of other servers in the process may
/// show up too (activity sources are process-wide), so tests read one trace.
public sealed class SpanLog
{
    private readonly ConcurrentQueue<Activity> _ended = new();

    /// Adds the log to a server's tracer provider (tracing must be on: an OTLP endpoint is set).
    public Action<IServiceCollection> Services => services =>
        services.ConfigureOpenTelemetryTracerProvider(b => b.AddProcessor(new Sink(_ended)));

    public IReadOnlyList<Activity> Of(ActivityTraceId trace) => [.. _ended.Where(a => a.TraceId == trace)];

    /// The spans of one trace once the condition holds (real time, up to 10 s): spans end on their own schedule.
    public async Task<IReadOnlyList<Activity>> UntilAsync(ActivityTraceId trace, Func<IReadOnlyList<Activity>, bool> condition)
    {
        IReadOnlyList<Activity> spans = [];
        try
        {
            await Eventually.HoldsAsync(() => condition(spans = Of(trace)), "the spans");
            return spans;
        }
        catch (TimeoutException)
        {
        }
        var names = string.Join(", ", Of(trace).Select(a => $"{a.Source.Name}:{a.DisplayName}"));
        var others = string.Join(", ", _ended.TakeLast(30).Select(a => $"{a.TraceId}/{a.ParentSpanId}>{a.SpanId} {a.Source.Name}:{a.DisplayName}"));
        throw new TimeoutException($"The trace never held the expected spans; it holds: {names}. Last spans of any trace: {others}");
    }

    private sealed class Sink(ConcurrentQueue<Activity> ended) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => ended.Enqueue(data);
    }
}
