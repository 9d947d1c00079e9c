using System.Text;
using PayState.Server.Delivery;
using PayState.Server.Storage;
using PayState.Server.Storage.Postgres;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// Two stores on one PostgreSQL schema, as two server processes hold them: each with its own writer connection
/// and transactions, migrating a fresh schema at once and claiming from one outbox at once.
public sealed class TwoStoresOnPostgresTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly string _schema = TestPostgres.NewSchema();
    private PostgresStore _a = null!;
    private PostgresStore _b = null!;

    public Task InitializeAsync()
    {
        _a = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        _b = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        TestPostgres.DropSchema(_schema);
    }

    [Fact]
    public async Task MigrateAsync_TwoStoresOnAFreshSchemaAtOnce_BothAreReadyAndEachMigrationIsAppliedOnce()
    {
        await Task.WhenAll(Task.Run(() => _a.MigrateAsync(CancellationToken.None)), Task.Run(() => _b.MigrateAsync(CancellationToken.None)));

        Assert.True(await _a.PingAsync(CancellationToken.None));
        Assert.True(await _b.PingAsync(CancellationToken.None));
        Assert.Equal(MigrationScripts.Load("Postgres").Count, TestPostgres.CountRows(_schema, "schema_migrations"));
    }

    [Fact]
    public async Task ClaimDeliveriesAsync_TwoStoresAtOnce_NeverTakeTheSameDelivery()
    {
        await Task.WhenAll(_a.MigrateAsync(CancellationToken.None), _b.MigrateAsync(CancellationToken.None));
        for (var i = 0; i < 200; i++) await AddAsync(i % 2 == 0 ? _a : _b, $"o{i}", $"http://h{i % 5}.example/h");

        // 40 claims of 7 from two writers (their batches take turns on the schema's write lock): neither can take
        // all 200, so both claim, and each must see the leases the other committed.
        var claims = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? _a : _b).ClaimDeliveriesAsync(new ClaimRequest(T0, T0.AddMinutes(1), 7, SendRoom.Full(perHost: 1000, perMerchant: 1000)), CancellationToken.None))));

        var ids = claims.SelectMany(c => c).Select(d => d.Id).ToList();
        Assert.Equal(200, ids.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    /// An object's change as the engine writes it: the object, its event and one delivery, not leased.
    private static Task AddAsync(IStore store, string objectId, string url) =>
        store.WriteAsync(tx =>
        {
            tx.InsertObject(new PayObject(objectId, "acquiring_order", "m", "t", "Created", 1, "{}", T0, T0));
            var seq = tx.InsertEvent(new EventRecord(0, $"evt_{objectId}", "m", "acquiring_order", objectId, 2, "x", T0, Encoding.UTF8.GetBytes("{}")));
            return tx.InsertDelivery(new NewDelivery($"dlv_{Guid.NewGuid():N}", seq, "m", "t", "acquiring_order", objectId, 2, "webhook", url, T0));
        });
}
