using PayState.Server.Dashboard;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// The store's write path, the same on every backend: group commit, unit isolation, durability, migrations.
public abstract class StoreWriteTests(Backend backend) : IAsyncLifetime
{
    private TestStore _test = null!;

    private IDashboardStore _store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(backend, new FakeTimeProvider());

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task WriteAsync_ManyConcurrentWriters_AllCommitAndReadBack()
    {
        var writes = Enumerable.Range(0, 500).Select(i => _store.WriteAsync(tx => { tx.SetSetting($"k{i}", $"v{i}"); return i; })).ToList();

        var results = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(0, 500), results);
        Assert.Equal("v499", await _store.GetSettingAsync("k499", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_UnitsBatchedWithOneThatThrows_EachOtherUnitTakesEffectExactlyOnce()
    {
        // A batch is first tried whole; when a unit throws, it is rolled back and run again unit by unit. Units
        // that count through the database must then count once, not once per try.
        await _store.WriteAsync(tx => { tx.SetSetting("count", "0"); return true; });
        var writes = new List<Task<bool>>();
        for (var i = 0; i < 200; i++)
        {
            writes.Add(_store.WriteAsync(tx =>
            {
                tx.SetSetting("count", (int.Parse(tx.GetSetting("count")!, System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return true;
            }));
            if (i % 50 == 25) writes.Add(_store.WriteAsync<bool>(_ => throw new InvalidOperationException("refused")));
        }

        var outcomes = await Task.WhenAll(writes.Select(async w => { try { return await w; } catch (InvalidOperationException) { return false; } }));

        Assert.Equal(200, outcomes.Count(o => o));
        Assert.Equal("200", await _store.GetSettingAsync("count", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_OneUnitThrowsAmongOthers_OnlyThatUnitIsRolledBack()
    {
        var good1 = _store.WriteAsync(tx => { tx.SetSetting("a", "1"); return true; });
        var bad = _store.WriteAsync<bool>(tx =>
        {
            tx.SetSetting("b", "written then undone");
            throw new InvalidOperationException("refused");
        });
        var good2 = _store.WriteAsync(tx => { tx.SetSetting("c", "3"); return true; });

        await good1;
        await good2;
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("1", await _store.GetSettingAsync("a", CancellationToken.None));
        Assert.Null(await _store.GetSettingAsync("b", CancellationToken.None));
        Assert.Equal("3", await _store.GetSettingAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task RecordChange_OnTheVersionBefore_WritesObjectEventDeliveriesAndCancelsTimers_OnAStaleOne_WritesNothing()
    {
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var created = new PayObject("o1", "acquiring_order", "m", "t", "Created", 1, """{"v":1}""", t0, t0);
        await _store.WriteAsync(tx =>
        {
            tx.InsertObject(created);
            tx.SetTimer(new TimerRecord("o1", "expire", t0.AddHours(1)));
            tx.SetTimer(new TimerRecord("o1", "remind", t0.AddHours(2)));
            return true;
        });
        ChangeWrite Change(string eventId, string state, params string[] urls) => new(
            created with { State = state, Version = 2, Data = $$"""{"v":"{{state}}"}""", UpdatedAt = t0 },
            new EventRecord(0, eventId, "m", "acquiring_order", "o1", 2, "status", t0, "{}"u8.ToArray()),
            urls.Select((url, i) => new ChangeDelivery($"dlv_{eventId}_{i}", "webhook", url, null)).ToList(),
            t0.AddMinutes(1),
            ["expire"]);

        // Two targets on one URL and one on another: the second to the same URL waits behind the first.
        var written = await _store.WriteAsync(tx => tx.RecordChange(Change("evt_a", "Pending", "http://a.example/h", "http://a.example/h", "http://b.example/h")));
        // Decided on version 1 as well, but written after the first: the object is at 2 now.
        var stale = await _store.WriteAsync(tx => tx.RecordChange(Change("evt_b", "Paid", "http://c.example/h")));

        Assert.NotNull(written);
        Assert.Equal("True,False,True", string.Join(',', written.Leased));
        Assert.Null(stale);
        var stored = await _store.FindObjectAsync("o1", CancellationToken.None);
        Assert.Equal(("Pending", 2, """{"v":"Pending"}"""), (stored!.State, stored.Version, stored.Data));
        var recorded = Assert.Single(await _store.ListObjectEventsAsync("o1", CancellationToken.None));
        Assert.Equal(("evt_a", written.Seq), (recorded.Id, recorded.Seq));
        var deliveries = await _store.ListObjectDeliveriesAsync("o1", CancellationToken.None);
        Assert.Equal("dlv_evt_a_0,dlv_evt_a_1,dlv_evt_a_2", string.Join(',', deliveries.Select(d => d.Id).Order()));
        Assert.All(deliveries, d => Assert.Equal("evt_a", d.EventId));
        var timers = await _store.DueTimersAsync(t0.AddDays(1), 10, CancellationToken.None);
        Assert.Equal("remind", Assert.Single(timers).Name);
    }

    [Fact]
    public async Task FindTerminalByApiKey_AfterTheTerminalIsRewritten_AnswersTheNewSecretAtOnce()
    {
        // The SQLite store keeps terminals by API key in memory: the update's commit must retire what it read first.
        var t0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
        var terminal = new TerminalRecord("t1", "m1", "key_1", "secret-1", "whsec_one", null, null, t0);
        await _store.WriteAsync(tx =>
        {
            tx.InsertMerchant(new MerchantRecord("m1", "Shop", false, null, null, new Dictionary<string, string>(), t0));
            tx.InsertTerminal(terminal);
            return true;
        });
        var first = await _store.FindTerminalByApiKeyAsync("key_1", CancellationToken.None);
        var again = await _store.FindTerminalByApiKeyAsync("key_1", CancellationToken.None);

        await _store.WriteAsync(tx => { tx.UpdateTerminal(terminal with { ApiSecret = "secret-2" }); return true; });
        var rotated = await _store.FindTerminalByApiKeyAsync("key_1", CancellationToken.None);
        var unknown = await _store.FindTerminalByApiKeyAsync("key_2", CancellationToken.None);

        Assert.Equal(("secret-1", "secret-1"), (first!.ApiSecret, again!.ApiSecret));
        Assert.Equal("secret-2", rotated!.ApiSecret);
        Assert.Null(unknown);
    }

    [Fact]
    public async Task WriteAsync_AfterReopen_DataIsDurable()
    {
        await _store.WriteAsync(tx => { tx.SetSetting("durable", "yes"); return true; });

        await _test.ReopenAsync();

        Assert.Equal("yes", await _store.GetSettingAsync("durable", CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_OnAMigratedDatabase_IsHarmless()
    {
        await _test.ReopenAsync();

        Assert.True(await _store.PingAsync(CancellationToken.None));
    }
}

public sealed class StoreWriteTestsOnSqlite() : StoreWriteTests(Backend.Sqlite);

public sealed class StoreWriteTestsOnPostgres() : StoreWriteTests(Backend.Postgres);
