using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// A merchant that was down for a while catches up through the events API and ends in the state of one that
// missed nothing, having handled every event exactly once.
public sealed class PayStateReconcilerTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, int> _timesHandled = new();
    private readonly ConcurrentDictionary<string, string> _statusByOrder = new();
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public static TheoryData<string> Stores => StoreKinds.All;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // The merchant's own state: the last status it applied per order.
    private Task<WebhookResult> Handle(PayStateWebhook webhook, PayStateWebhookContext context)
    {
        // A change is known by its object and sequence: a webhook's id names its delivery, an event's its event.
        _timesHandled.AddOrUpdate($"{webhook.ObjectId}/{webhook.Sequence}", 1, (_, n) => n + 1);
        _statusByOrder[webhook.ObjectId] = webhook.Order!.Status;
        return Task.FromResult(WebhookResult.Processed);
    }

    private async Task<List<JsonElement>> AllEventsAsync()
    {
        var page = await _merchant.GetJsonAsync("/api/v1/events?limit=500");
        return [.. page.GetProperty("data").EnumerateArray()];
    }

    private async Task<string> NewOrderAsync(string? webhookUrl = null) =>
        (await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = webhookUrl })).GetProperty("uuid").GetString()!;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ReceiverDown_RunOnceCatchesUp_EveryEventOnce_SameFinalState(string kind)
    {
        var database = StoreKinds.Create(kind);
        var store = database.NewStore();
        var receiver = await ReceiverApp.StartAsync(store, _server.Clock, [_merchant.WebhookSecret], Handle);
        await using var worker = ReconcilerHost.Create(_server, _merchant, store, Handle, database.NewCursorStore());
        try
        {
            var orders = new List<string>();
            for (var i = 0; i < 3; i++) orders.Add(await NewOrderAsync(receiver.HookUrl));

            // Live: the first order's first change reaches the receiver.
            await _server.MoveOrderAsync(orders[0], "Pending");
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 1, "the live webhook");

            // Down: everything else only reaches the events API.
            await receiver.StopAsync();
            await _server.MoveOrderAsync(orders[0], "Paid");
            await _server.MoveOrderAsync(orders[1], "Pending");
            await _server.MoveOrderAsync(orders[1], "Failed");
            await _server.MoveOrderAsync(orders[2], "Failed");

            Assert.Equal(4, await worker.Reconciler.RunOnceAsync(CancellationToken.None));

            var all = await AllEventsAsync();
            Assert.Equal(5, all.Count);
            Assert.Equal(all.Select(e => $"{e.GetProperty("object_id").GetString()}/{e.GetProperty("sequence").GetInt32()}").Order(), _timesHandled.Keys.Order());
            Assert.All(_timesHandled.Values, n => Assert.Equal(1, n));
            foreach (var uuid in orders)
            {
                var (_, body) = await _merchant.GetOrderAsync(uuid);
                var status = JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString();
                Assert.Equal(status, _statusByOrder[uuid]);
                Assert.Equal(all.Where(e => e.GetProperty("object_id").GetString() == uuid).Max(e => e.GetProperty("sequence").GetInt64()),
                    await store.LastSequenceAsync(uuid, WebhookKind.AcquiringOrder, CancellationToken.None));
            }
            Assert.Equal([OrderStatuses.Paid, OrderStatuses.Failed, OrderStatuses.Failed], orders.Select(o => _statusByOrder[o]));
            var cursors = worker.Services.GetRequiredService<ICursorStore>();
            var cursor = await cursors.LoadAsync("", CancellationToken.None);
            Assert.NotNull(cursor);

            // Caught up: nothing new.
            Assert.Equal(0, await worker.Reconciler.RunOnceAsync(CancellationToken.None));
            Assert.Equal(cursor, await cursors.LoadAsync("", CancellationToken.None));

            // A later change is picked up from the stored cursor.
            await _server.MoveOrderAsync(await NewOrderAsync(), "Pending");
            Assert.Equal(1, await worker.Reconciler.RunOnceAsync(CancellationToken.None));
            Assert.Equal(6, _timesHandled.Count);
            Assert.All(_timesHandled.Values, n => Assert.Equal(1, n));
        }
        finally
        {
            await receiver.DisposeAsync();
        }
    }

    [Fact]
    public async Task AsHostedService_PollsEveryIntervalOnTheClock()
    {
        var clock = new TimerWatchingClock();
        await using var worker = ReconcilerHost.Create(_server, _merchant, new InMemoryWebhookStateStore(), Handle,
            configure: o => o.Interval = TimeSpan.FromSeconds(30), clock: clock);
        var uuid = await NewOrderAsync();
        await _server.MoveOrderAsync(uuid, "Pending");

        await worker.Reconciler.StartAsync(CancellationToken.None);
        try
        {
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 1, "the first poll");
            await clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
            await _server.MoveOrderAsync(uuid, "Paid");
            Assert.Single(_timesHandled);

            clock.Advance(TimeSpan.FromSeconds(30));
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 2, "the next poll");
            Assert.Equal(OrderStatuses.Paid, _statusByOrder[uuid]);
        }
        finally
        {
            await worker.Reconciler.StopAsync(CancellationToken.None);
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task StartFromNow_SkipsHistory_ThenHandlesWhatCameAfter_AlsoAcrossARestart(string kind)
    {
        var database = StoreKinds.Create(kind);
        var cursors = database.NewCursorStore();
        var old = await NewOrderAsync();
        for (var i = 0; i < 3; i++) await _server.MoveOrderAsync(await NewOrderAsync(), "Pending");
        await _server.MoveOrderAsync(old, "Pending");

        await using (var first = ReconcilerHost.Create(_server, _merchant, database.NewStore(), Handle, cursors, o => o.StartFrom = ReconcilerStart.Now))
        {
            Assert.Equal(0, await first.Reconciler.RunOnceAsync(CancellationToken.None));
            await _server.MoveOrderAsync(old, "Paid");
            Assert.Equal(1, await first.Reconciler.RunOnceAsync(CancellationToken.None));
        }
        Assert.Equal(OrderStatuses.Paid, Assert.Single(_statusByOrder).Value);

        // Restarted with the same cursor store: "now" was the first start, so what came since is not skipped.
        await _server.MoveOrderAsync(await NewOrderAsync(), "Failed");
        await using var restarted = ReconcilerHost.Create(_server, _merchant, database.NewStore(), Handle, cursors, o => o.StartFrom = ReconcilerStart.Now);
        Assert.Equal(1, await restarted.Reconciler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, _timesHandled.Count);
    }

    [Fact]
    public async Task StartFromNow_NoEventsYet_LaterEventsAreHandledAfterARestart()
    {
        var cursors = new InMemoryCursorStore();
        await using (var first = ReconcilerHost.Create(_server, _merchant, new InMemoryWebhookStateStore(), Handle, cursors, o => o.StartFrom = ReconcilerStart.Now))
            Assert.Equal(0, await first.Reconciler.RunOnceAsync(CancellationToken.None));
        Assert.Equal("", await cursors.LoadAsync("", CancellationToken.None));

        await _server.MoveOrderAsync(await NewOrderAsync(), "Pending");
        await using var restarted = ReconcilerHost.Create(_server, _merchant, new InMemoryWebhookStateStore(), Handle, cursors, o => o.StartFrom = ReconcilerStart.Now);

        Assert.Equal(1, await restarted.Reconciler.RunOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task OrdersOfAnotherTerminal_AreSkipped_WhenTheTerminalIsSet()
    {
        var otherApp = await _server.CreateTerminalAsync(_merchant.MerchantId);
        await _server.MoveOrderAsync(await NewOrderAsync(), "Pending");
        await _server.MoveOrderAsync((await otherApp.CreateOrderAsync()).GetProperty("uuid").GetString()!, "Pending");
        await using var worker = ReconcilerHost.Create(_server, _merchant, new InMemoryWebhookStateStore(), Handle,
            configure: o => o.TerminalUuid = _merchant.TerminalUuid);

        Assert.Equal(1, await worker.Reconciler.RunOnceAsync(CancellationToken.None));
        Assert.Equal(2, (await AllEventsAsync()).Count);
    }

    [Fact]
    public async Task CredentialsRefused_LoggedAndUnhealthy_ThenTheRotatedSecretInConfigurationRecovers()
    {
        var clock = new TimerWatchingClock();
        var logs = new ListLoggerProvider();
        await _server.MoveOrderAsync(await NewOrderAsync(), "Pending");
        await using var worker = ReconcilerHost.Create(_server, _merchant, new InMemoryWebhookStateStore(), Handle, clock: clock, logs: logs, configure: o =>
        {
            (o.RetryDelay, o.MaxRetryDelay, o.UnhealthyAfter) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25));
        });
        worker.Configuration["PayState:ApiSecret"] = "sk_not_the_secret";
        worker.Configuration.Reload();
        var health = worker.Services.GetRequiredService<HealthCheckService>();

        await worker.Reconciler.StartAsync(CancellationToken.None);
        try
        {
            await TestWebhooks.WaitUntilAsync(() => logs.Lines.Any(l => l.Message.Contains("refused the terminal's credentials", StringComparison.Ordinal)), "the failure's log line");
            Assert.Equal(HealthStatus.Degraded, (await health.CheckHealthAsync()).Status);
            Assert.DoesNotContain(logs.Lines, l => l.Message.Contains("sk_not_the_secret", StringComparison.Ordinal));

            // It keeps trying, with waits of at most 10 s, and turns unhealthy after 25 s of failing.
            for (var i = 0; i < 4; i++)
            {
                await clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
                clock.Advance(TimeSpan.FromSeconds(10));
            }
            await TestWebhooks.WaitUntilAsync(() => logs.Lines.Count(l => l.Message.Contains("refused", StringComparison.Ordinal)) >= 4, "four failures");
            var report = await health.CheckHealthAsync();
            Assert.Equal(HealthStatus.Unhealthy, report.Status);
            Assert.Contains("refused the terminal's credentials", report.Entries["paystate-reconciler"].Description, StringComparison.Ordinal);
            Assert.Contains(logs.Lines, l => l.Level == LogLevel.Error);

            worker.Configuration["PayState:ApiSecret"] = _merchant.ApiSecret;
            worker.Configuration.Reload();
            await clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
            clock.Advance(TimeSpan.FromSeconds(10));
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 1, "the event after recovery");
            await TestWebhooks.WaitUntilAsync(() => logs.Lines.Any(l => l.Message.Contains("caught up again", StringComparison.Ordinal)), "the recovery's log line");
            Assert.Equal(HealthStatus.Healthy, (await health.CheckHealthAsync()).Status);
        }
        finally
        {
            await worker.Reconciler.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task HandlerFailsOnOneEvent_ItHoldsThere_NamedInHealthAndLogs_ThenGoesOnOnceFixed()
    {
        var clock = new TimerWatchingClock();
        var logs = new ListLoggerProvider();
        var poison = await NewOrderAsync();
        await _server.MoveOrderAsync(poison, "Pending");
        await _server.MoveOrderAsync(await NewOrderAsync(), "Pending");
        var broken = true;
        PayStateWebhookHandler handler = (webhook, context) =>
            broken && webhook.ObjectId == poison ? throw new InvalidOperationException("no such product") : Handle(webhook, context);
        await using var worker = ReconcilerHost.Create(_server, _merchant, new InMemoryWebhookStateStore(), handler, clock: clock, logs: logs,
            configure: o => (o.RetryDelay, o.MaxRetryDelay) = (TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)));
        var poisonEvent = (await AllEventsAsync())[0].GetProperty("id").GetString()!;

        await worker.Reconciler.StartAsync(CancellationToken.None);
        try
        {
            await TestWebhooks.WaitUntilAsync(() => logs.Lines.Any(l => l.Message.Contains($"the handler failed on event {poisonEvent}", StringComparison.Ordinal)),
                "the handler's failure in the log");
            Assert.Empty(_timesHandled);
            var state = worker.Services.GetRequiredService<ReconcilerHealth>().States[""];
            Assert.Equal((poisonEvent, 1), (state.FailingEventId, state.Failures));

            broken = false;
            await clock.WaitForTimersAsync(1, TimeSpan.FromSeconds(10));
            clock.Advance(TimeSpan.FromSeconds(10));
            await TestWebhooks.WaitUntilAsync(() => _timesHandled.Count == 2, "both events after the fix");
        }
        finally
        {
            await worker.Reconciler.StopAsync(CancellationToken.None);
        }
    }
}
