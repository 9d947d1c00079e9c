using System.Text;
using PayState.Server.Delivery;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// The outbox queue at the store level: leases, stream order, and the room each host and merchant has left.
public abstract class DeliveryClaimTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private TestStore _test = null!;

    private IDeliveryStore _store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(backend, new FakeTimeProvider(T0));

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task Claim_LeasedDelivery_IsNotTakenAgainUntilTheLeaseRunsOut()
    {
        await AddAsync("o1", 2, "http://a.example/h");

        var first = await ClaimAsync(T0, lease: TimeSpan.FromSeconds(60));
        var whileLeased = await ClaimAsync(T0.AddSeconds(59), lease: TimeSpan.FromSeconds(60));
        var afterLease = await ClaimAsync(T0.AddSeconds(60), lease: TimeSpan.FromSeconds(60));

        Assert.Single(first);
        Assert.Empty(whileLeased);
        Assert.Equal(first[0].Id, Assert.Single(afterLease).Id);
    }

    // Claims through one store queue up for its one writer; TwoStoresOnPostgresTests has two stores claiming at once.
    [Fact]
    public async Task Claim_ManyClaimsThroughOneStore_NeverTakeTheSameDelivery()
    {
        for (var i = 0; i < 50; i++) await AddAsync($"o{i}", 2, "http://a.example/h");

        var claims = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => ClaimAsync(T0, limit: 7)));

        var ids = claims.SelectMany(c => c).Select(d => d.Id).ToList();
        Assert.Equal(50, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Claim_LaterEventOfSameObjectAndUrl_WaitsUntilTheEarlierOneIsFinished()
    {
        await AddAsync("o1", 2, "http://a.example/h");
        await AddAsync("o1", 3, "http://a.example/h", "http://b.example/other");

        var first = await ClaimAsync(T0);
        Assert.Equal([(2, "http://a.example/h"), (3, "http://b.example/other")], first.Select(d => (d.Version, d.Url)).Order());

        await _store.RecordOutcomesAsync(
            [new DeliveryOutcome(first.Single(d => d.Version == 2).Id, T0, 5, 500, null, null, DeliveryStatus.Failed, T0.AddSeconds(5))], CancellationToken.None);
        Assert.Empty(await ClaimAsync(T0.AddSeconds(1)));

        await _store.RecordOutcomesAsync(
            [new DeliveryOutcome(first.Single(d => d.Version == 2).Id, T0, 5, null, null, null, DeliveryStatus.Dead, null)], CancellationToken.None);
        Assert.Equal(3, Assert.Single(await ClaimAsync(T0.AddSeconds(1))).Version);
    }

    [Fact]
    public async Task Claim_PerHostRoom_TakesNoMoreThanEachHostHasLeft()
    {
        for (var i = 0; i < 5; i++) await AddAsync($"a{i}", 2, "http://a.example/h");
        await AddAsync("b0", 2, "http://b.example/h");

        var claimed = await ClaimAsync(T0, room: new SendRoom(3, 100, Named(("a.example", 1)), Named()));

        Assert.Equal(1, claimed.Count(d => d.Host == "a.example"));
        Assert.Equal(1, claimed.Count(d => d.Host == "b.example"));
    }

    [Fact]
    public async Task Claim_PortsOfOneHost_ShareThatHostsRoom()
    {
        for (var i = 0; i < 6; i++) await AddAsync($"p{i}", 2, $"http://a.example:{8000 + i}/h");

        var claimed = await ClaimAsync(T0, room: SendRoom.Full(perHost: 4, perMerchant: 100));

        Assert.Equal(4, claimed.Count);
        Assert.All(claimed, d => Assert.Equal("a.example", d.Host));
    }

    [Fact]
    public async Task Claim_PerMerchantRoom_TakesNoMoreThanEachMerchantHasLeft_AcrossItsHosts()
    {
        for (var i = 0; i < 6; i++) await AddOfMerchantAsync("ma", $"a{i}", $"http://a{i}.example/h");
        for (var i = 0; i < 3; i++) await AddOfMerchantAsync("mb", $"b{i}", "http://b.example/h");

        var fresh = await ClaimAsync(T0, room: SendRoom.Full(perHost: 10, perMerchant: 4));
        await ReleaseAsync(fresh);
        var busy = await ClaimAsync(T0, room: new SendRoom(10, 4, Named(), Named(("ma", 1), ("mb", 0))));

        Assert.Equal((4, 3), (fresh.Count(d => d.MerchantId == "ma"), fresh.Count(d => d.MerchantId == "mb")));
        Assert.Equal(1, busy.Count(d => d.MerchantId == "ma"));
        Assert.DoesNotContain(busy, d => d.MerchantId == "mb");
    }

    [Fact]
    public async Task Claim_MerchantWithNoRoomAndAnOlderBacklog_DoesNotHoldBackAnotherMerchant()
    {
        // Far more of A's due deliveries than one claim looks at, all older than B's.
        for (var i = 0; i < 60; i++) await AddOfMerchantAsync("ma", $"a{i}", $"http://a{i % 5}.example/h");
        await AddOfMerchantAsync("mb", "b0", "http://b.example/h", T0.AddSeconds(1));

        var claimed = await ClaimAsync(T0.AddSeconds(1), limit: 4, room: new SendRoom(32, 8, Named(), Named(("ma", 0))));

        Assert.Equal("b0", Assert.Single(claimed).ObjectId);
    }

    [Fact]
    public async Task Claim_HostWithNoRoom_IsSkippedWhateverItsMerchantHasLeft()
    {
        await AddAsync("a0", 2, "http://tripped.example/h");
        await AddAsync("a1", 2, "http://fine.example/h");

        var claimed = await ClaimAsync(T0, room: new SendRoom(32, 64, Named(("tripped.example", 0)), Named()));

        Assert.Equal("a1", Assert.Single(claimed).ObjectId);
    }

    [Fact]
    public async Task Migration_HostsWrittenAsSchemeHostAndPort_AreRewrittenAsHostNames()
    {
        await AddAsync("a0", 2, "http://a.example:8001/h");
        await AddAsync("a1", 2, "https://a.example/h");
        await AddAsync("v6", 2, "http://[::1]:8080/h");
        await AddAsync("b0", 2, "http://b.example:9000/h");
        // As an older build wrote them, with the migration forgotten.
        var version = MigrationScripts.Load(backend == Backend.Postgres ? "Postgres" : "Sqlite")
            .Single(m => m.Name.EndsWith("_delivery_host_names.sql", StringComparison.Ordinal)).Version;
        await _test.ReopenAfterAsync($"""
            UPDATE deliveries SET host = 'http://a.example:8001' WHERE object_id = 'a0';
            UPDATE deliveries SET host = 'https://a.example' WHERE object_id = 'a1';
            UPDATE deliveries SET host = 'http://[::1]:8080' WHERE object_id = 'v6';
            UPDATE deliveries SET host = 'http://b.example:9000' WHERE object_id = 'b0';
            DELETE FROM schema_migrations WHERE version = {version};
            """);

        var claimed = await ClaimAsync(T0, room: new SendRoom(32, 64, Named(("a.example", 0), ("::1", 1)), Named()));

        Assert.Equal(["b0", "v6"], claimed.Select(d => d.ObjectId).Order());
    }

    [Fact]
    public async Task RecordOutcomes_StoresEveryAttemptAndReleasesTheLease()
    {
        await AddAsync("o1", 2, "http://a.example/h");
        var claimed = Assert.Single(await ClaimAsync(T0));

        await _store.RecordOutcomesAsync([new DeliveryOutcome(claimed.Id, T0, 12, 503, null, "busy", DeliveryStatus.Failed, T0.AddSeconds(5))], CancellationToken.None);

        Assert.Equal(T0.AddSeconds(5), await _store.NextDeliveryDueAsync(CancellationToken.None));
        Assert.Empty(await ClaimAsync(T0.AddSeconds(4)));
        var retried = Assert.Single(await ClaimAsync(T0.AddSeconds(5)));
        Assert.Equal(1, retried.Attempts);
        var attempt = Assert.Single(await _store.ListAttemptsAsync(claimed.Id, CancellationToken.None));
        Assert.Equal((503, "busy", 12), (attempt.StatusCode!.Value, attempt.ResponseBody!, attempt.DurationMs));
    }

    [Fact]
    public async Task RecordOutcomes_SeveralAtOnce_EachIsStoredWithItsOwnResult()
    {
        await AddAsync("o1", 2, "http://a.example/h");
        await AddAsync("o2", 2, "http://a.example/h");
        await AddAsync("o3", 2, "http://a.example/h");
        var claimed = (await ClaimAsync(T0)).OrderBy(d => d.ObjectId).ToList();
        Assert.Equal(3, claimed.Count);

        await _store.RecordOutcomesAsync(
        [
            new DeliveryOutcome(claimed[0].Id, T0, 3, 204, null, null, DeliveryStatus.Succeeded, null),
            new DeliveryOutcome(claimed[1].Id, T0, 4, 500, null, "down", DeliveryStatus.Failed, T0.AddSeconds(9)),
            new DeliveryOutcome(claimed[2].Id, T0, 5, null, "timeout", null, DeliveryStatus.Failed, T0.AddSeconds(7)),
        ], CancellationToken.None);

        Assert.Equal(T0.AddSeconds(7), await _store.NextDeliveryDueAsync(CancellationToken.None));
        var attempts = new List<AttemptRecord>();
        foreach (var d in claimed) attempts.Add(Assert.Single(await _store.ListAttemptsAsync(d.Id, CancellationToken.None)));
        Assert.Equal(new (int?, string?, int)[] { (204, null, 3), (500, null, 4), (null, "timeout", 5) }, attempts.Select(a => (a.StatusCode, a.Error, a.DurationMs)));
        Assert.Equal("o2,o3", string.Join(',', (await ClaimAsync(T0.AddSeconds(9))).Select(d => d.ObjectId).Order()));
    }

    [Fact]
    public async Task RecordOutcomes_AfterTheLeaseWasTakenByAnotherClaim_OnlyAddsTheAttempt()
    {
        await AddAsync("o1", 2, "http://a.example/h");
        var stale = Assert.Single(await ClaimAsync(T0, lease: TimeSpan.FromSeconds(60)));
        var current = Assert.Single(await ClaimAsync(T0.AddSeconds(61), lease: TimeSpan.FromSeconds(60)));
        Assert.Equal(stale.Id, current.Id);
        Assert.Equal(T0.AddSeconds(60), stale.LeaseUntil);

        // The first holder's answer arrives late: it must not finish the delivery nor clear the new holder's
        // lease, or a third claim could send it while the second holder still is.
        await _store.RecordOutcomesAsync(
            [new DeliveryOutcome(stale.Id, T0.AddSeconds(62), 5, 500, null, null, DeliveryStatus.Failed, T0.AddSeconds(62), HeldUntil: stale.LeaseUntil)], CancellationToken.None);

        Assert.Empty(await ClaimAsync(T0.AddSeconds(63)));
        Assert.Equal(current.LeaseUntil, await _store.NextDeliveryDueAsync(CancellationToken.None));
        Assert.Single(await _store.ListAttemptsAsync(stale.Id, CancellationToken.None));

        await _store.RecordOutcomesAsync(
            [new DeliveryOutcome(current.Id, T0.AddSeconds(64), 5, 204, null, null, DeliveryStatus.Succeeded, null, HeldUntil: current.LeaseUntil)], CancellationToken.None);

        Assert.Equal(2, (await _store.ListAttemptsAsync(stale.Id, CancellationToken.None)).Count);
        Assert.Empty(await ClaimAsync(T0.AddSeconds(200)));
        Assert.Null(await _store.NextDeliveryDueAsync(CancellationToken.None));
    }

    [Fact]
    public async Task InsertLeased_HeadOfStream_IsLeasedAndNotClaimedUntilTheLeaseRunsOut()
    {
        var leased = await AddAsync("o1", 2, T0.AddSeconds(60), "http://a.example/h");

        Assert.Equal([true], leased);
        Assert.Empty(await ClaimAsync(T0.AddSeconds(59)));
        Assert.Single(await ClaimAsync(T0.AddSeconds(60)));
    }

    [Fact]
    public async Task InsertLeased_EarlierDeliveryOfTheStreamOpen_IsLeftForTheClaim()
    {
        await AddAsync("o1", 2, "http://a.example/h");

        var leased = await AddAsync("o1", 3, T0.AddSeconds(60), "http://a.example/h", "http://b.example/other");

        // The second URL's stream is new, so its delivery heads it; the first waits behind event 2.
        Assert.Equal([false, true], leased);
        var claimed = await ClaimAsync(T0);
        Assert.Equal([(2, "http://a.example/h")], claimed.Select(d => (d.Version, d.Url)));
    }

    [Fact]
    public async Task ReleaseLeases_HandedOverDeliveryGivenBack_IsClaimableAtOnce()
    {
        await AddAsync("o1", 2, T0.AddSeconds(60), "http://a.example/h");
        Assert.Empty(await ClaimAsync(T0));

        var deliveryId = (await _store.ListDeliveriesAsync(new DeliveryQuery("m", null, null, 10), CancellationToken.None)).Single().Id;
        var released = await _store.WriteAsync(tx => tx.ReleaseLeases([deliveryId]));

        Assert.Equal(1, released);
        Assert.Equal(deliveryId, Assert.Single(await ClaimAsync(T0)).Id);
    }

    [Fact]
    public async Task RequeueDelivery_WhileAnotherProcessHoldsIt_IsRefused_AndTakenOnceTheLeaseRanOut()
    {
        await AddAsync("o1", 2, "http://a.example/h");
        var claimed = Assert.Single(await ClaimAsync(T0, lease: TimeSpan.FromSeconds(60)));

        var whileLeased = await _store.WriteAsync(tx => tx.RequeueDelivery(claimed.Id, "m", T0.AddSeconds(30)));
        var ofAnotherMerchant = await _store.WriteAsync(tx => tx.RequeueDelivery(claimed.Id, "other", T0.AddSeconds(61)));
        var afterLease = await _store.WriteAsync(tx => tx.RequeueDelivery(claimed.Id, "m", T0.AddSeconds(61)));

        Assert.Equal((false, false, true), (whileLeased, ofAnotherMerchant, afterLease));
        Assert.Equal(claimed.Id, Assert.Single(await ClaimAsync(T0.AddSeconds(61))).Id);
    }

    [Fact]
    public async Task CancelOpenDeliveries_EndsTheOnesNobodySends_AndLeavesALeasedOne()
    {
        await AddAsync("o1", 2, T0.AddSeconds(60), "http://a.example/h");
        await AddAsync("o2", 2, "http://a.example/h");

        var leased = await _store.WriteAsync(tx => tx.CancelOpenDeliveries("o1", "webhook", "expired", T0));
        var open = await _store.WriteAsync(tx => tx.CancelOpenDeliveries("o2", "webhook", "expired", T0));

        Assert.Equal((0, 1), (leased, open));
        var o2 = (await _store.ListDeliveriesAsync(new DeliveryQuery("m", null, null, 10), CancellationToken.None)).Single(d => d.ObjectId == "o2");
        Assert.Equal(DeliveryStatus.Dead, o2.Status);
        Assert.Equal("o1", Assert.Single(await ClaimAsync(T0.AddSeconds(60))).ObjectId);
    }

    private Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(DateTimeOffset now, TimeSpan? lease = null, int limit = 100, SendRoom? room = null) =>
        _store.ClaimDeliveriesAsync(
            new ClaimRequest(now, now + (lease ?? TimeSpan.FromSeconds(60)), limit, room ?? SendRoom.Full(perHost: 32, perMerchant: 64)), CancellationToken.None);

    private Task ReleaseAsync(IReadOnlyList<ClaimedDelivery> claimed) => _store.WriteAsync(tx => tx.ReleaseLeases([.. claimed.Select(d => d.Id)]));

    private static Dictionary<string, int> Named(params (string Key, int Room)[] rooms) => rooms.ToDictionary(r => r.Key, r => r.Room);

    /// An object's change as the engine writes it: the object (once), its event, and one delivery per URL.
    private Task AddAsync(string objectId, int sequence, params string[] urls) => AddAsync(objectId, sequence, (DateTimeOffset?)null, urls);

    /// One change of merchant's object with one delivery, its event made at the given time.
    private Task AddOfMerchantAsync(string merchant, string objectId, string url, DateTimeOffset? at = null) =>
        AddAsync(objectId, 2, null, [url], merchant, at ?? T0);

    /// The same with each delivery inserted leased until the given time when it heads its stream; which ones were.
    private Task<List<bool>> AddAsync(string objectId, int sequence, DateTimeOffset? leaseUntil, params string[] urls) =>
        AddAsync(objectId, sequence, leaseUntil, urls, "m", T0);

    private Task<List<bool>> AddAsync(string objectId, int sequence, DateTimeOffset? leaseUntil, string[] urls, string merchant, DateTimeOffset at) =>
        _store.WriteAsync(tx =>
        {
            if (tx.LockObject(objectId) is null)
                tx.InsertObject(new PayObject(objectId, "acquiring_order", merchant, "t", "Created", 1, "{}", T0, T0));
            var eventId = $"evt_{objectId}_{sequence}_{Guid.NewGuid():N}";
            var seq = tx.InsertEvent(new EventRecord(0, eventId, merchant, "acquiring_order", objectId, sequence, "x", at, Encoding.UTF8.GetBytes("{}")));
            return urls.Select(url => tx.InsertDelivery(
                new NewDelivery($"dlv_{Guid.NewGuid():N}", seq, merchant, "t", "acquiring_order", objectId, sequence, "webhook", url, at, LeaseUntil: leaseUntil))).ToList();
        });
}

public sealed class DeliveryClaimTestsOnSqlite() : DeliveryClaimTests(Backend.Sqlite);

public sealed class DeliveryClaimTestsOnPostgres() : DeliveryClaimTests(Backend.Postgres);
