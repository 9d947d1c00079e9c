using System.Text;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// The store queries behind the dashboard: keyset pages, filters, an object's timeline, troubled hosts,
/// bulk resend of dead deliveries and the sandbox inbox.
public abstract class DashboardStoreTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private TestStore _test = null!;

    private IDashboardStore Store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(backend, new FakeTimeProvider(T0));

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task ListObjects_PagedByKeyset_ReturnsEveryObjectOnceNewestFirst()
    {
        // Two objects share each creation time, so the id breaks ties across page boundaries.
        var expected = new List<string>();
        for (var i = 0; i < 9; i++) await InsertAsync($"o{i}", T0.AddSeconds(i / 2));
        expected.AddRange(Enumerable.Range(0, 9).Select(i => (Id: $"o{i}", At: i / 2)).OrderByDescending(o => o.At).ThenByDescending(o => o.Id, StringComparer.Ordinal).Select(o => o.Id));

        var seen = new List<string>();
        ObjectPageKey? after = null;
        for (var page = 0; page < 10; page++)
        {
            var rows = await Store.ListObjectsAsync(new ObjectQuery(After: after, Limit: 4), CancellationToken.None);
            seen.AddRange(rows.Select(r => r.Id));
            if (rows.Count < 4) break;
            after = new ObjectPageKey(rows[^1].CreatedAt, rows[^1].Id);
        }

        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Migration0003_ObjectsWrittenBeforeIt_AreFoundByExternalIdAfterIt()
    {
        await InsertAsync("a1", T0, data: """{"external_order_id":"ORD-7"}""");
        await InsertAsync("c1", T0, kind: "checkout", data: """{"order_ref_1":"REF-1"}""");

        // Put the database back as 0002 left it: no column, the index on the document's fields.
        var expression = backend == Backend.Postgres
            ? "(coalesce(data::jsonb ->> 'external_order_id', data::jsonb ->> 'order_ref_1', data::jsonb ->> 'customerId'))"
            : "coalesce(json_extract(data, '$.external_order_id'), json_extract(data, '$.order_ref_1'), json_extract(data, '$.customerId'))";
        await _test.ReopenAfterAsync($"""
            DROP INDEX objects_by_external_id;
            ALTER TABLE objects DROP COLUMN external_id;
            CREATE INDEX objects_by_external_id ON objects ({expression});
            DROP INDEX deliveries_by_status_host;
            CREATE INDEX deliveries_by_status_host ON deliveries (status, host, updated_at);
            DROP INDEX deliveries_by_event;
            CREATE INDEX deliveries_by_object ON deliveries (object_id, seq);
            DELETE FROM schema_migrations WHERE version = 3;
            """);

        Assert.Equal(["a1"], await IdsAsync(new ObjectQuery(ExternalId: "ORD-7")));
        Assert.Equal(["c1"], await IdsAsync(new ObjectQuery(ExternalId: "REF-1")));
    }

    [Fact]
    public async Task ListObjects_Filters_MatchKindStateMerchantDateAndExternalId()
    {
        await InsertAsync("a1", T0, kind: "acquiring_order", state: "Paid", merchant: "m1", data: """{"external_order_id":"ORD-7"}""");
        await InsertAsync("c1", T0.AddDays(1), kind: "checkout", state: "finish", merchant: "m1", data: """{"order_ref_1":"REF-1"}""");
        await InsertAsync("p1", T0.AddDays(2), kind: "piv_session", state: "ACTIVE", merchant: "m2", data: """{"customerId":"cust-9"}""");

        Assert.Equal(["c1"], await IdsAsync(new ObjectQuery(Kind: "checkout")));
        Assert.Equal(["a1"], await IdsAsync(new ObjectQuery(State: "Paid")));
        Assert.Equal(["c1", "a1"], await IdsAsync(new ObjectQuery(MerchantId: "m1")));
        Assert.Equal(["c1"], await IdsAsync(new ObjectQuery(From: T0.AddDays(1), Until: T0.AddDays(2))));
        Assert.Equal(["a1"], await IdsAsync(new ObjectQuery(ExternalId: "ORD-7")));
        Assert.Equal(["c1"], await IdsAsync(new ObjectQuery(ExternalId: "REF-1")));
        Assert.Equal(["p1"], await IdsAsync(new ObjectQuery(ExternalId: "cust-9")));
        Assert.Empty(await IdsAsync(new ObjectQuery(MerchantId: "m2", ExternalId: "ORD-7")));
    }

    [Fact]
    public async Task ListObjectTimeline_OtherObjectsAround_ReturnsOnlyThatObjectsEventsAndDeliveriesInOrder()
    {
        await AddChangeAsync("o1", 2, "http://a.example/h");
        await AddChangeAsync("o2", 2, "http://a.example/h");
        await AddChangeAsync("o1", 3, "http://a.example/h", "http://b.example/h");

        var events = await Store.ListObjectEventsAsync("o1", CancellationToken.None);
        var deliveries = await Store.ListObjectDeliveriesAsync("o1", CancellationToken.None);

        Assert.Equal([2, 3], events.Select(e => e.Version));
        Assert.Equal([(2, "http://a.example/h"), (3, "http://a.example/h"), (3, "http://b.example/h")], deliveries.Select(d => (d.Version, d.Url)));
    }

    [Fact]
    public async Task RequeueDeadDeliveries_HostAndSince_RequeuesOnlyThoseDeadOnThatHostSinceThen()
    {
        await AddChangeAsync("early", 2, "http://down.example/h");
        await KillAllAsync(T0);
        await AddChangeAsync("late", 2, "http://down.example/h");
        await AddChangeAsync("other", 2, "http://up.example/h");
        await AddChangeAsync("theirs", 2, "http://down.example/h", merchant: "m2");
        await KillAllAsync(T0.AddHours(1));

        var requeued = await Store.WriteAsync(tx => tx.RequeueDeadDeliveries("down.example", T0.AddMinutes(30), "m", T0.AddHours(2)));

        Assert.Equal(1, requeued);
        var due = await Store.ClaimDeliveriesAsync(new ClaimRequest(T0.AddHours(2), T0.AddHours(3), 100, SendRoom.Full(perHost: 32, perMerchant: 64)), CancellationToken.None);
        Assert.Equal("late", Assert.Single(due).ObjectId);
    }

    [Fact]
    public async Task RequeueDeadDeliveries_AllMerchants_RequeuesEveryMerchantsDeadOnes()
    {
        await AddChangeAsync("mine", 2, "http://down.example/h");
        await AddChangeAsync("theirs", 2, "http://down.example/h", merchant: "m2");
        await KillAllAsync(T0);

        Assert.Equal(2, await Store.WriteAsync(tx => tx.RequeueDeadDeliveries("down.example", T0, null, T0)));
    }

    [Fact]
    public async Task ListTroubledHosts_FailingAndDead_CountsThemPerHostForTheMerchant()
    {
        await AddChangeAsync("d1", 2, "http://down.example/h");
        await AddChangeAsync("d2", 2, "http://down.example/h");
        await KillAllAsync(T0);
        await AddChangeAsync("f1", 2, "http://down.example/h");
        await AddChangeAsync("f2", 2, "http://flaky.example/h");
        await AddChangeAsync("theirs", 2, "http://down.example/h", merchant: "m2");
        await FailAllAsync(T0.AddMinutes(1));

        var hosts = await Store.ListTroubledHostsAsync("m", CancellationToken.None);
        var all = await Store.ListTroubledHostsAsync(null, CancellationToken.None);

        Assert.Equal([("down.example", 1, 2), ("flaky.example", 1, 0)], hosts.Select(h => (h.Host, h.Failing, h.Dead)));
        Assert.Equal((2, 2), all.Where(h => h.Host == "down.example").Select(h => (h.Failing, h.Dead)).Single());
    }

    [Fact]
    public async Task ListTroubledDeliveries_Host_ListsItsFailingAndDeadOnesOfTheMerchant()
    {
        await AddChangeAsync("dead", 2, "http://down.example/h");
        await KillAllAsync(T0);
        await AddChangeAsync("failing", 2, "http://down.example/h");
        await AddChangeAsync("elsewhere", 2, "http://flaky.example/h");
        await AddChangeAsync("theirs", 2, "http://down.example/h", merchant: "m2");
        await FailAllAsync(T0.AddMinutes(1));
        await AddChangeAsync("pending", 3, "http://down.example/h");

        var mine = await Store.ListTroubledDeliveriesAsync("down.example", "m", 10, CancellationToken.None);
        var all = await Store.ListTroubledDeliveriesAsync("down.example", null, 10, CancellationToken.None);

        Assert.Equal([("failing", DeliveryStatus.Failed), ("dead", DeliveryStatus.Dead)], mine.Select(d => (d.ObjectId, d.Status)));
        Assert.Equal(3, all.Count);
    }

    [Fact]
    public async Task ListRecentDeliveries_EveryStatusNewestFirst_TheMerchantsOwnOrEveryones_WithWhenEachLastChanged()
    {
        await AddChangeAsync("sent", 2, "http://ok.example/h");
        await RecordAllAsync(T0.AddMinutes(1), DeliveryStatus.Succeeded);
        await AddChangeAsync("dead", 2, "http://down.example/h");
        await KillAllAsync(T0.AddMinutes(2));
        await AddChangeAsync("theirs", 2, "http://ok.example/h", merchant: "m2");
        await AddChangeAsync("waiting", 2, "http://ok.example/h");

        var mine = await Store.ListRecentDeliveriesAsync("m", 10, CancellationToken.None);
        var all = await Store.ListRecentDeliveriesAsync(null, 2, CancellationToken.None);

        Assert.Equal([("waiting", DeliveryStatus.Pending), ("dead", DeliveryStatus.Dead), ("sent", DeliveryStatus.Succeeded)],
            mine.Select(d => (d.Delivery.ObjectId, d.Delivery.Status)));
        Assert.Equal(T0.AddMinutes(1), mine[^1].ChangedAt);
        Assert.Equal(["waiting", "theirs"], all.Select(d => d.Delivery.ObjectId));
    }

    [Fact]
    public async Task InsertInboxMessage_MoreThanKept_KeepsOnlyTheLatestNewestFirst()
    {
        for (var i = 0; i < 5; i++)
        {
            var n = i;
            await Store.WriteAsync(tx => { tx.InsertInboxMessage("shop", T0.AddSeconds(n), "webhook-id: x", $"body {n}", keep: 3); return true; });
        }

        var inbox = await Store.ListInboxAsync(10, CancellationToken.None);

        Assert.Equal(["body 4", "body 3", "body 2"], inbox.Select(m => m.Body));
        Assert.Equal(("shop", T0.AddSeconds(4), "webhook-id: x"), (inbox[0].Name, inbox[0].ReceivedAt, inbox[0].Headers));
    }

    private async Task<List<string>> IdsAsync(ObjectQuery query) =>
        [.. (await Store.ListObjectsAsync(query, CancellationToken.None)).Select(o => o.Id)];

    private Task InsertAsync(string id, DateTimeOffset at, string kind = "acquiring_order", string state = "Created", string merchant = "m", string data = "{}") =>
        Store.WriteAsync(tx => { tx.InsertObject(new PayObject(id, kind, merchant, "t", state, 1, data, at, at)); return true; });

    private Task AddChangeAsync(string objectId, int sequence, string url, string? secondUrl = null, string merchant = "m") =>
        Store.WriteAsync(tx =>
        {
            if (tx.LockObject(objectId) is null) tx.InsertObject(new PayObject(objectId, "acquiring_order", merchant, "t", "Created", 1, "{}", T0, T0));
            var seq = tx.InsertEvent(new EventRecord(0, $"evt_{Guid.NewGuid():N}", merchant, "acquiring_order", objectId, sequence, "x", T0, Encoding.UTF8.GetBytes("{}")));
            foreach (var u in secondUrl is null ? [url] : new[] { url, secondUrl })
                tx.InsertDelivery(new NewDelivery($"dlv_{Guid.NewGuid():N}", seq, merchant, "t", "acquiring_order", objectId, sequence, "webhook", u, T0));
            return true;
        });

    /// Claims every due delivery and records one refused attempt that gives each up.
    private Task KillAllAsync(DateTimeOffset at) => RecordAllAsync(at, DeliveryStatus.Dead);

    /// The same, leaving each failed with a retry far ahead.
    private Task FailAllAsync(DateTimeOffset at) => RecordAllAsync(at, DeliveryStatus.Failed);

    private async Task RecordAllAsync(DateTimeOffset at, string status)
    {
        var claimed = await Store.ClaimDeliveriesAsync(new ClaimRequest(at.AddDays(1), at.AddDays(1).AddMinutes(1), 100, SendRoom.Full(perHost: 32, perMerchant: 64)), CancellationToken.None);
        var outcomes = claimed.Select(d => new DeliveryOutcome(d.Id, at, 5, 500, null, "down", status, status == DeliveryStatus.Failed ? at.AddDays(30) : null));
        await Store.RecordOutcomesAsync([.. outcomes], CancellationToken.None);
    }
}

public sealed class DashboardStoreTestsOnSqlite() : DashboardStoreTests(Backend.Sqlite);

public sealed class DashboardStoreTestsOnPostgres() : DashboardStoreTests(Backend.Postgres);
