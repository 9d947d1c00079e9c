using System.Text.Json;
using PayState.Server.Acquiring;
using PayState.Server.Checkout;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Metrics;

/// Real actions against the real server move the series an operator watches.
public abstract class MetricsTests(Backend backend) : ServerTestBase(backend)
{
    private const string Requests = "http_server_request_duration_seconds_count";

    [Fact]
    public async Task MoveOrder_CountsStatusChangeOfKindAndRequestByRoutePattern()
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        await Server.MoveOrderAsync(uuid, "Paid");

        var scrape = await PrometheusScrape.FetchAsync(Server);

        Assert.Equal(2, scrape.Value("paystate_status_changes_total", ("paystate_object_kind", AcquiringOrderKind.KindName)));
        Assert.Equal(2, scrape.Sum(Requests,
            ("http_route", "/processor/v1/acquiring/order/{uuid}/status"), ("http_request_method", "POST"), ("http_response_status_code", "200")));
        Assert.Equal(1, scrape.Sum(Requests, ("http_route", "/api/public/v1/acquiring/order"), ("http_request_method", "POST"), ("http_response_status_code", "201")));
        Assert.Equal("histogram", scrape.Types["http_server_request_duration_seconds"]);
        Assert.DoesNotContain(scrape.Samples, s => s.Labels.Values.Any(v => v.Contains(uuid, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task UnknownPathAndGroupRoot_CountedWithoutARouteAndAsTheGroupPath()
    {
        using var missing = await Server.Http.GetAsync(new Uri(Server.BaseUri, $"no/such/{Guid.NewGuid()}"));
        using var events = await Merchant.GetAsync("/api/v1/events");

        var scrape = await PrometheusScrape.FetchAsync(Server);

        Assert.Equal(1, scrape.Samples.Where(s => s.Name == Requests && !s.Labels.ContainsKey("http_route")
            && s.Labels["http_response_status_code"] == "404").Sum(s => s.Value));
        Assert.Equal(1, scrape.Sum(Requests, ("http_route", "/api/v1/events/"), ("http_request_method", "GET"), ("http_response_status_code", "200")));
        Assert.DoesNotContain(scrape.Samples, s => s.Labels.Values.Any(v => v.Contains("no/such", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TwoServersInOneProcess_EachShowsOnlyItsOwnRequestsAndChanges()
    {
        await using var other = await TestServer.StartAsync(backend: Backend);
        using (await other.Http.GetAsync(new Uri(other.BaseUri, "healthz"))) { }
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");

        var scrape = await PrometheusScrape.FetchAsync(other);

        Assert.Equal(1, scrape.Sum(Requests, ("http_route", "/healthz")));
        Assert.Equal(0, scrape.Sum(Requests, ("http_route", "/processor/v1/acquiring/order/{uuid}/status")));
        Assert.Null(scrape.Value("paystate_status_changes_total", ("paystate_object_kind", AcquiringOrderKind.KindName)));
    }

    [Fact]
    public async Task SuccessfulDelivery_CountsDeliveredWithLatencyAndAttemptDuration()
    {
        Receiver.AnswerWith(204);
        var uuid = (await Merchant.CreateOrderAsync(Order())).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        await Receiver.NextAsync();

        var scrape = await UntilAsync(s => s.Value(Attempts, Outcome("delivered")) == 1);

        Assert.Equal(0, scrape.Value(Attempts, Outcome("dead")));
        Assert.Equal(1, scrape.Value("paystate_delivery_latency_seconds_count"));
        Assert.Equal(1, scrape.Value("paystate_delivery_attempt_duration_seconds_count"));
        Assert.Equal(1, scrape.Value("paystate_delivery_attempt_duration_seconds_bucket", ("le", "+Inf")));
    }

    [Fact]
    public async Task FailingReceiver_OutboxDepthAndOldestAgeUntilDelivered()
    {
        Receiver.AnswerWith(500);
        var uuid = (await Merchant.CreateOrderAsync(Order())).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        await Receiver.NextAsync();
        await UntilAsync(s => s.Value(Attempts, Outcome("retry")) == 1);
        await Merchant.WaitForDeliveriesSettledAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(0.5));
        var failing = await PrometheusScrape.FetchAsync(Server);
        Assert.Equal(1, failing.Value("paystate_outbox_depth"));
        Assert.Equal(0.5, failing.Value("paystate_outbox_oldest_pending_age_seconds")!.Value, 3);

        // Past the retry (at most 1.2 s) and the gauges' refresh interval: delivered, and the outbox is empty.
        Receiver.AnswerWith(204);
        Server.Clock.Advance(TimeSpan.FromSeconds(6));
        await UntilAsync(s => s.Value(Attempts, Outcome("delivered")) == 1);
        await UntilSucceededAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(6));
        var delivered = await UntilAsync(s => s.Value("paystate_outbox_depth") == 0);
        Assert.Equal(0, delivered.Value("paystate_outbox_oldest_pending_age_seconds"));
    }

    [Fact]
    public async Task HeldLongPoll_ShowsInHeldWaitsGaugeUntilAnswered()
    {
        using var created = await Merchant.PostAsync("/api/v1/checkouts",
            """{"order_ref_1":"r1","amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""");
        created.EnsureSuccessStatusCode();
        var uuid = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString()!;
        // If-None-Match names the version created: a change that lands before the wait reads still answers it.
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, $"api/v1/checkout/{uuid}/wait?timeout=60"));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        var wait = Server.Http.SendAsync(request);
        await UntilAsync(s => s.Value("paystate_held_waits") == 1);

        await Server.SetCheckoutActionAsync(uuid, """{"action":"show_error"}""");
        using (var answered = await wait) Assert.Equal(200, (int)answered.StatusCode);

        var scrape = await UntilAsync(s => s.Value("paystate_held_waits") == 0);
        Assert.Equal(1, scrape.Value("paystate_status_changes_total", ("paystate_object_kind", CheckoutKind.KindName)));
    }

    [Fact]
    public async Task MemoryGauges_ResidentAndManagedHeap_SqliteOnlyOnSqlite()
    {
        // A collection first: the heap gauges read what the last one left.
        GC.Collect();
        var scrape = await PrometheusScrape.FetchAsync(Server);

        Assert.True(scrape.Value("dotnet_process_memory_working_set_bytes") > 10_000_000);
        Assert.True(scrape.Sum("dotnet_gc_last_collection_heap_size_bytes") > 0);
        Assert.True(scrape.Value("dotnet_gc_last_collection_memory_committed_size_bytes") > 0);
        if (Backend == Backend.Sqlite) Assert.True(scrape.Value("paystate_sqlite_memory_bytes") > 0);
        else Assert.Null(scrape.Value("paystate_sqlite_memory_bytes"));
    }

    [Fact]
    public async Task GcCounters_AfterAFullCollection_CountItByGenerationWithItsPause()
    {
        var before = await PrometheusScrape.FetchAsync(Server);

        // The server runs in this process: a collection forced here is one of its collections.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        var after = await PrometheusScrape.FetchAsync(Server);

        Assert.True(after.Value(Collections, ("gc_heap_generation", "gen2")) >= before.Value(Collections, ("gc_heap_generation", "gen2")) + 1);
        Assert.NotNull(after.Value(Collections, ("gc_heap_generation", "gen0")));
        Assert.NotNull(after.Value(Collections, ("gc_heap_generation", "gen1")));
        Assert.True(after.Value("dotnet_gc_pause_time_seconds_total") > before.Value("dotnet_gc_pause_time_seconds_total"));
    }

    [Fact]
    public async Task GcAllocatedBytes_AfterAnAllocation_GrowsByAtLeastIt()
    {
        var before = await PrometheusScrape.FetchAsync(Server);

        // The server runs in this process: an array made here is allocated on its heap.
        var array = GC.AllocateUninitializedArray<byte>(4 << 20);
        GC.KeepAlive(array);
        var after = await PrometheusScrape.FetchAsync(Server);

        Assert.True(after.Value("dotnet_gc_heap_total_allocated_bytes_total") >= before.Value("dotnet_gc_heap_total_allocated_bytes_total") + (4 << 20));
    }

    [Fact]
    public async Task JitCounters_AfterNewCodeRuns_CountItsMethodsAndTime()
    {
        var before = await PrometheusScrape.FetchAsync(Server);

        // The server runs in this process: a method made here and called is compiled by its JIT.
        var method = new System.Reflection.Emit.DynamicMethod("Seven", typeof(int), Type.EmptyTypes);
        var il = method.GetILGenerator();
        il.Emit(System.Reflection.Emit.OpCodes.Ldc_I4_7);
        il.Emit(System.Reflection.Emit.OpCodes.Ret);
        Assert.Equal(7, method.CreateDelegate<Func<int>>()());
        var after = await PrometheusScrape.FetchAsync(Server);

        Assert.True(after.Value("dotnet_jit_compiled_methods_total") >= before.Value("dotnet_jit_compiled_methods_total") + 1);
        Assert.True(after.Value("dotnet_jit_compilation_time_seconds_total") > before.Value("dotnet_jit_compilation_time_seconds_total"));
    }

    [Fact]
    public async Task ExpiryTimerFiredLate_RecordsItsLagOnTheClock()
    {
        var uuid = (await Merchant.CreateOrderAsync(new { amount = 1, currency = "USDC", network = "ethereum", expires_in = 60 })).GetProperty("uuid").GetString()!;

        // Due while the server is down, so it fires at the restart, 2 s late. (A jump while it runs would stop
        // the fake clock at the due time to run the loop's wake timer, and the lag would be 0 or 2.)
        await Server.StopAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(62));
        await Server.StartAsync();

        var scrape = await UntilAsync(s => s.Value("paystate_timer_lag_seconds_count") == 1
            && s.Value("paystate_status_changes_total", ("paystate_object_kind", AcquiringOrderKind.KindName)) == 1);
        Assert.Equal(2, scrape.Value("paystate_timer_lag_seconds_sum")!.Value, 3);
        Assert.Equal(0, scrape.Value("paystate_timer_lag_seconds_bucket", ("le", "1")));
        Assert.Equal(1, scrape.Value("paystate_timer_lag_seconds_bucket", ("le", "2.5")));
        Assert.Equal("Expired", JsonDocument.Parse((await Merchant.GetOrderAsync(uuid)).Body).RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    [Fact]
    public async Task ReadyAndDatabaseErrors_OnAHealthyServer_ReadyWithNoErrors()
    {
        var scrape = await PrometheusScrape.FetchAsync(Server);

        Assert.Equal(1, scrape.Value("paystate_ready"));
        Assert.Equal(1, scrape.Value("paystate_dispatcher_up"));
        Assert.Equal(0, scrape.Value("paystate_database_errors_total"));
        foreach (var outcome in new[] { "delivered", "retry", "dead", "refused" }) Assert.Equal(0, scrape.Value(Attempts, Outcome(outcome)));
    }

    private const string Attempts = "paystate_delivery_attempts_total";
    private const string Collections = "dotnet_gc_collections_total";

    private static (string, string) Outcome(string outcome) => ("paystate_delivery_outcome", outcome);

    private object Order() => new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/hook") };

    /// The outcome is recorded a moment after the metric: wait for it before the gauges are read again.
    private Task UntilSucceededAsync() =>
        Eventually.HoldsAsync(
            async () => (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries?status=succeeded")).GetProperty("data").GetArrayLength() == 1,
            "the delivery recorded as succeeded");

    /// Scrapes until the condition holds: sends finish on their own schedule.
    private async Task<PrometheusScrape> UntilAsync(Func<PrometheusScrape, bool> condition)
    {
        PrometheusScrape last = null!;
        await Eventually.HoldsAsync(async () => condition(last = await PrometheusScrape.FetchAsync(Server)), "metrics show the expected values");
        return last;
    }
}

public sealed class MetricsTestsOnSqlite() : MetricsTests(Backend.Sqlite);

public sealed class MetricsTestsOnPostgres() : MetricsTests(Backend.Postgres);
