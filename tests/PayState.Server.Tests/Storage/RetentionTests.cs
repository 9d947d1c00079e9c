using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// Retention on the injected clock: what is older than the policy's times goes, in bounded pages, and what must stay
/// (open deliveries, events without event retention, each object's newest event, objects) stays.
public abstract class RetentionTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Month = TimeSpan.FromDays(30);
    private readonly FakeTimeProvider _clock = new(T0);
    private TestStore _test = null!;

    private IDashboardStore Store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(backend, _clock);

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task Sweep_DefaultRetention_RemovesOldAttemptsSettledDeliveriesAndInbox_KeepsOpenDeliveriesEventsAndObjects()
    {
        var delivered = await ChangeAsync("o1", 2, DeliveryStatus.Succeeded);
        var dead = await ChangeAsync("o2", 2, DeliveryStatus.Dead);
        var open = await ChangeAsync("o3", 2, DeliveryStatus.Failed);
        await Store.WriteAsync(tx => { tx.InsertInboxMessage("shop", T0, "{}", "old", keep: 200); return true; });
        _clock.Advance(Month);
        var recent = await ChangeAsync("o1", 3, DeliveryStatus.Succeeded);
        await Store.WriteAsync(tx => { tx.InsertInboxMessage("shop", _clock.GetUtcNow(), "{}", "new", keep: 200); return true; });
        _clock.Advance(TimeSpan.FromSeconds(1));

        var swept = await Sweeper(new RetentionPolicy(Month, null) { Batch = 2 }).SweepAsync(CancellationToken.None);

        Assert.Equal(new RetentionSweep(Attempts: 3, Deliveries: 2, InboxMessages: 1, Events: 0), swept);
        Assert.Null(await Store.FindDeliveryAsync(delivered, CancellationToken.None));
        Assert.Null(await Store.FindDeliveryAsync(dead, CancellationToken.None));
        Assert.Equal(DeliveryStatus.Failed, (await Store.FindDeliveryAsync(open, CancellationToken.None))!.Status);
        Assert.Empty(await Store.ListAttemptsAsync(open, CancellationToken.None));
        Assert.Single(await Store.ListAttemptsAsync(recent, CancellationToken.None));
        Assert.Equal(["new"], (await Store.ListInboxAsync(10, CancellationToken.None)).Select(m => m.Body));
        Assert.Equal(4, (await Store.ListEventsAsync("m", EventPosition.Start, 0, 10, CancellationToken.None)).Count);
        Assert.NotNull(await Store.FindObjectAsync("o2", CancellationToken.None));
    }

    [Fact]
    public async Task RemoveAttempts_ManyOld_RemovesAtMostOneBatchPerTransaction()
    {
        for (var i = 0; i < 3; i++) await ChangeAsync($"o{i}", 2, DeliveryStatus.Failed, attempts: 3);
        _clock.Advance(Month + TimeSpan.FromSeconds(1));
        var before = _clock.GetUtcNow() - Month;

        var pages = new List<RetentionPage>();
        for (long after = 0; pages.Count == 0 || !pages[^1].Done; after = pages[^1].Last)
        {
            var from = after;
            pages.Add(await Store.WriteAsync(tx => tx.RemoveAttempts(from, before, 4)));
        }

        Assert.All(pages, p => Assert.InRange(p.Removed, 0, 4));
        Assert.Equal(9, pages.Sum(p => p.Removed));
        Assert.Equal(0, _test.Scalar("SELECT count(*) FROM attempts"));
    }

    [Fact]
    public async Task Sweep_EventRetention_RemovesOlderEventsButEachObjectsNewest_AndMovesTheHorizon()
    {
        var superseded = await ChangeAsync("o1", 2, DeliveryStatus.Succeeded);
        await ChangeAsync("o1", 3, DeliveryStatus.Succeeded);
        await ChangeAsync("o2", 2, DeliveryStatus.Succeeded);
        _clock.Advance(TimeSpan.FromDays(8));
        await ChangeAsync("o2", 3, DeliveryStatus.Succeeded);
        var events = await Store.ListEventsAsync("m", EventPosition.Start, 0, 10, CancellationToken.None);

        var swept = await Sweeper(new RetentionPolicy(Month, TimeSpan.FromDays(7)) { Batch = 2 }).SweepAsync(CancellationToken.None);

        // o1's version 2 and o2's version 2 go; o1's version 3 stays as its document; o2's version 3 is recent.
        Assert.Equal(2, swept.Events);
        Assert.Equal([events[1].Seq, events[3].Seq], (await Store.ListEventsAsync("m", EventPosition.Start, 0, 10, CancellationToken.None)).Select(e => e.Seq));
        Assert.Null(await Store.FindDeliveryAsync(superseded, CancellationToken.None));
        Assert.Equal(events[2].Seq, EventHorizon.Parse(await Store.GetSettingAsync(EventHorizon.Setting, CancellationToken.None)));
        Assert.Equal("o1 v3", (await Store.FindObjectAsync("o1", CancellationToken.None))!.Data);
    }

    [Fact]
    public async Task Sweep_EventRetention_StopsTheHorizonAtAnEventADeliveryStillWaitsOn()
    {
        await ChangeAsync("o1", 2, DeliveryStatus.Succeeded);
        var waiting = await ChangeAsync("o2", 2, DeliveryStatus.Failed);
        await ChangeAsync("o2", 3, DeliveryStatus.Succeeded);
        await ChangeAsync("o1", 3, DeliveryStatus.Succeeded);
        _clock.Advance(TimeSpan.FromDays(8));
        var events = await Store.ListEventsAsync("m", EventPosition.Start, 0, 10, CancellationToken.None);

        var swept = await Sweeper(new RetentionPolicy(Month, TimeSpan.FromDays(7))).SweepAsync(CancellationToken.None);

        Assert.Equal(1, swept.Events);
        Assert.Equal(events[0].Seq, EventHorizon.Parse(await Store.GetSettingAsync(EventHorizon.Setting, CancellationToken.None)));
        Assert.NotNull(await Store.FindDeliveryAsync(waiting, CancellationToken.None));
        Assert.Equal(events.Skip(1).Select(e => e.Seq), (await Store.ListEventsAsync("m", EventPosition.Start, 0, 10, CancellationToken.None)).Select(e => e.Seq));
    }

    private RetentionSweeper Sweeper(RetentionPolicy policy) => new(Store, policy, _clock, NullLogger<RetentionSweeper>.Instance);

    /// A change of an order at the clock's time (its document in its event) with one delivery and its attempts, the
    /// last of which leaves the delivery in the given status; the delivery's id.
    private Task<string> ChangeAsync(string objectId, int version, string status, int attempts = 1)
    {
        var now = _clock.GetUtcNow();
        var deliveryId = $"dlv_{objectId}_{version}";
        return Store.WriteAsync(tx =>
        {
            if (version == 2) tx.InsertObject(new PayObject(objectId, "acquiring_order", "m", "t", "Created", 1, $"{objectId} v1", now, now), documentInEvents: true);
            var document = $"{objectId} v{version}";
            tx.RecordChange(new ChangeWrite(
                new PayObject(objectId, "acquiring_order", "m", "t", $"S{version}", version, document, now, now),
                new EventRecord(0, $"evt_{objectId}_{version}", "m", "acquiring_order", objectId, version, "x", now, Encoding.UTF8.GetBytes(document)),
                [new ChangeDelivery(deliveryId, "webhook", "http://a.example/h", null)], null, []) { DocumentInEvent = true });
            for (var i = 1; i <= attempts; i++)
            {
                var last = i == attempts;
                tx.RecordOutcomes([new DeliveryOutcome(deliveryId, now, 5, last && status == DeliveryStatus.Succeeded ? 204 : 500, null, null,
                    last ? status : DeliveryStatus.Failed, last && status != DeliveryStatus.Failed ? null : now.AddSeconds(5))]);
            }
            return deliveryId;
        });
    }
}

public sealed class RetentionTestsOnSqlite() : RetentionTests(Backend.Sqlite);

public sealed class RetentionTestsOnPostgres() : RetentionTests(Backend.Postgres);
