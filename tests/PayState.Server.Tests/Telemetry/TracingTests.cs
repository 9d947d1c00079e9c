using System.Diagnostics;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Telemetry;

/// A processor call that carries a traceparent, followed through PayState to the webhook: the request, the event,
/// its commit and every delivery attempt are spans of the caller's trace, and each webhook carries a traceparent of
/// that trace. The servers export to a loopback OTLP receiver and to an in-process span log.
[Collection(TracingCollection.Name)]
public abstract class TracingTests(Backend backend) : IAsyncLifetime
{
    private readonly SpanLog _spans = new();
    // The processor's own client: it sends the traceparent a test gives, never one of this process's client spans.
    private readonly HttpClient _processor = new(new SocketsHttpHandler { ActivityHeadersPropagator = null });
    private FakeReceiver _collector = null!;
    private FakeReceiver _receiver = null!;
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _collector = await FakeReceiver.StartAsync();
        _receiver = await FakeReceiver.StartAsync();
        _server = await TestServer.StartAsync(Otlp(_collector), services: _spans.Services, backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        await _collector.DisposeAsync();
        _processor.Dispose();
    }

    /// OTLP over HTTP to a loopback receiver, which answers 200 to everything.
    internal static Dictionary<string, string?> Otlp(FakeReceiver collector) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.BaseUri.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
    };

    [Fact]
    public async Task ProcessorCallWithTraceparent_EventCommitAndEveryAttemptJoinItsTrace_WebhooksCarryIt()
    {
        var (trace, caller) = (ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom());
        _receiver.AnswerWith(500);
        var uuid = await CreateOrderAsync();

        await MoveAsync(uuid, "Pending", $"00-{trace}-{caller}-01");
        var first = await _receiver.NextAsync();
        await _merchant.WaitForDeliveriesSettledAsync();
        _receiver.AnswerWith(204);
        _server.Clock.Advance(TimeSpan.FromSeconds(6));
        var second = await _receiver.NextAsync();

        var spans = await _spans.UntilAsync(trace, s => s.Count(a => a.DisplayName == "paystate.delivery.attempt") == 2);
        var request = Assert.Single(spans, a => a.Source.Name == "Microsoft.AspNetCore" && a.Kind == ActivityKind.Server && a.ParentSpanId == caller);
        var evt = Assert.Single(spans, a => a.DisplayName == "paystate.event");
        var commit = Assert.Single(spans, a => a.DisplayName == "paystate.commit");
        Assert.Equal(request.SpanId, evt.ParentSpanId);
        Assert.Equal(evt.SpanId, commit.ParentSpanId);
        Assert.Equal(uuid, evt.GetTagItem("paystate.object.id"));
        var attempts = spans.Where(a => a.DisplayName == "paystate.delivery.attempt").OrderBy(a => a.StartTimeUtc).ToList();
        Assert.All(attempts, a => Assert.Equal(evt.SpanId, a.ParentSpanId));
        Assert.Equal([1, 2], attempts.Select(a => (int)a.GetTagItem("paystate.delivery.attempt")!));
        Assert.Equal(ActivityStatusCode.Error, attempts[0].Status);
        // Each webhook's traceparent is the HTTP client span of its attempt, in the caller's trace.
        foreach (var (webhook, attempt) in new[] { (first, attempts[0]), (second, attempts[1]) })
        {
            var parent = Traceparent(webhook);
            Assert.Equal(trace, parent.TraceId);
            var send = Assert.Single(spans, a => a.SpanId == parent.SpanId);
            Assert.Equal(("System.Net.Http", ActivityKind.Client, attempt.SpanId), (send.Source.Name, send.Kind, send.ParentSpanId));
        }
        if (backend == Backend.Postgres)
        {
            // Npgsql's own spans: the object read under the request, the change statement under the commit.
            Assert.Contains(spans, a => a.Source.Name == "Npgsql" && a.ParentSpanId == request.SpanId);
            Assert.Contains(spans, a => a.Source.Name == "Npgsql" && a.ParentSpanId == commit.SpanId);
        }
    }

    [Fact]
    public async Task AttemptAfterARestart_JoinsTheTraceStoredWithTheEvent()
    {
        var trace = ActivityTraceId.CreateRandom();
        _receiver.AnswerWith(204);
        var uuid = await CreateOrderAsync();
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DISPATCHER"] = "false" });
        await MoveAsync(uuid, "Pending", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        var evt = Assert.Single(await _spans.UntilAsync(trace, s => s.Any(a => a.DisplayName == "paystate.event")), a => a.DisplayName == "paystate.event");

        // A new process's dispatcher finds the event's trace context in the database, not in memory.
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DISPATCHER"] = "true" });
        var webhook = await _receiver.NextAsync();

        var attempt = Assert.Single(await _spans.UntilAsync(trace, s => s.Any(a => a.DisplayName == "paystate.delivery.attempt")),
            a => a.DisplayName == "paystate.delivery.attempt");
        Assert.Equal(evt.SpanId, attempt.ParentSpanId);
        Assert.Equal(trace, Traceparent(webhook).TraceId);
    }

    [Fact]
    public async Task ProcessorCallWithoutTraceparent_StartsATraceTheWebhookCarries()
    {
        _receiver.AnswerWith(204);
        var uuid = await CreateOrderAsync();

        await MoveAsync(uuid, "Pending", traceparent: null);
        var webhook = await _receiver.NextAsync();

        var trace = Traceparent(webhook).TraceId;
        var spans = await _spans.UntilAsync(trace, s => s.Any(a => a.DisplayName == "paystate.delivery.attempt"));
        // The root: the processor's request (the receiver's own request span, in-process here, is a child).
        var request = Assert.Single(spans, a => a.ParentSpanId == default);
        Assert.Equal(("Microsoft.AspNetCore", ActivityKind.Server), (request.Source.Name, request.Kind));
        Assert.Contains(spans, a => a.DisplayName == "paystate.event" && a.ParentSpanId == request.SpanId);
    }

    [Fact]
    public async Task WithoutAnOtlpEndpoint_NothingIsTracedOrStoredAndWebhooksCarryNoTraceparent()
    {
        await _server.RestartAsync(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null });
        _receiver.AnswerWith(204);
        var uuid = await CreateOrderAsync();

        await MoveAsync(uuid, "Pending", $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-01");
        var webhook = await _receiver.NextAsync();

        Assert.Null(webhook.Header("traceparent"));
        Assert.Equal(1, _server.CountRows("events"));
        Assert.Equal(0, _server.CountRows("events", "trace_context IS NOT NULL"));
    }

    [Fact]
    public async Task TracedChange_StoresTheEventSpanWithTheEvent()
    {
        var trace = ActivityTraceId.CreateRandom();
        _receiver.AnswerWith(204);
        var uuid = await CreateOrderAsync();

        await MoveAsync(uuid, "Pending", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");

        Assert.Equal(1, _server.CountRows("events", "trace_context IS NOT NULL"));
        Assert.Equal(1, _server.CountRows("events", $"length(trace_context) = 25"));
    }

    [Fact]
    public async Task Otlp_TheTraceAndTheMetricsReachTheCollector()
    {
        var trace = ActivityTraceId.CreateRandom();
        _receiver.AnswerWith(204);
        var uuid = await CreateOrderAsync();
        await MoveAsync(uuid, "Pending", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        await _receiver.NextAsync();
        await _spans.UntilAsync(trace, s => s.Any(a => a.DisplayName == "paystate.delivery.attempt"));

        // Stopping flushes what the batch processor and the metric reader still hold.
        await _server.StopAsync();

        var traces = _collector.All.Where(r => r.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, r => Assert.Equal(("POST", "application/x-protobuf"), (r.Method, r.Header("Content-Type"))));
        // Protobuf keeps a span's trace id as its 16 raw bytes and its name as UTF-8.
        var exported = traces.SelectMany(r => r.Body).ToArray();
        var traceBytes = new byte[16];
        trace.CopyTo(traceBytes);
        Assert.True(exported.AsSpan().IndexOf(traceBytes) >= 0, "No exported span has the caller's trace id.");
        Assert.True(exported.AsSpan().IndexOf("paystate.delivery.attempt"u8) >= 0);
        var metrics = _collector.All.Where(r => r.Path == "/v1/metrics").SelectMany(r => r.Body).ToArray();
        Assert.True(metrics.AsSpan().IndexOf("paystate.status_changes"u8) >= 0, "The metrics were not exported.");
    }

    private async Task<string> CreateOrderAsync() =>
        (await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") }))
            .GetProperty("uuid").GetString()!;

    private async Task MoveAsync(string uuid, string status, string? traceparent)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUri, $"processor/v1/acquiring/order/{uuid}/status"))
        {
            Content = new StringContent($$"""{"status":"{{status}}"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", TestServer.ProcessorToken);
        if (traceparent is not null) request.Headers.TryAddWithoutValidation("traceparent", traceparent);
        using var response = await _processor.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    private static ActivityContext Traceparent(ReceivedRequest webhook)
    {
        var header = webhook.Header("traceparent");
        Assert.True(header is not null, "The webhook carries no traceparent.");
        Assert.True(ActivityContext.TryParse(header, null, out var context), $"Not a traceparent: {header}");
        return context;
    }
}

public sealed class TracingTestsOnSqlite() : TracingTests(Backend.Sqlite);

public sealed class TracingTestsOnPostgres() : TracingTests(Backend.Postgres);
