using System.Numerics;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// The chain tables on both databases: the address index counter, the watcher lease that fences every write, and the
/// rewind after a reorganisation.
public abstract class ChainStoreTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private TestStore _store = null!;

    private IStore Store => _store.Store;

    public async Task InitializeAsync() => _store = await TestStore.CreateAsync(backend, _clock);

    public Task DisposeAsync() => _store.DisposeAsync().AsTask();

    [Fact]
    public async Task TakeAddressIndex_ConcurrentTakes_EachIndexOnce_AndTheCountSurvivesAReopen()
    {
        var taken = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Store.WriteAsync(tx => tx.Chain.TakeAddressIndex("ethereum", "xpubA"))));
        await _store.ReopenAsync();
        var next = await Store.WriteAsync(tx => tx.Chain.TakeAddressIndex("ethereum", "xpubA"));
        var otherKey = await Store.WriteAsync(tx => tx.Chain.TakeAddressIndex("ethereum", "xpubB"));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), taken.Order());
        Assert.Equal(40, next);
        Assert.Equal(0, otherKey);
    }

    [Fact]
    public async Task WatcherLease_HeldByOneOwnerUntilItRunsOutOrIsGivenUp()
    {
        var until = T0 + TimeSpan.FromSeconds(30);
        Assert.True(await Lease("a", T0, until));
        Assert.True(await Lease("a", T0 + TimeSpan.FromSeconds(10), until + TimeSpan.FromSeconds(10)));
        Assert.False(await Lease("b", T0 + TimeSpan.FromSeconds(20), until + TimeSpan.FromSeconds(20)));
        Assert.True(await Lease("b", T0 + TimeSpan.FromSeconds(41), until + TimeSpan.FromSeconds(41)));
        Assert.False(await Lease("a", T0 + TimeSpan.FromSeconds(42), until + TimeSpan.FromSeconds(42)));

        await Store.WriteAsync(tx => { tx.Chain.ReleaseWatcherLease("ethereum", "b"); return true; });

        Assert.True(await Lease("a", T0 + TimeSpan.FromSeconds(43), until + TimeSpan.FromSeconds(43)));
    }

    [Fact]
    public async Task FinishRange_WithoutTheLease_WritesNothing()
    {
        Assert.True(await Lease("a", T0, T0 + TimeSpan.FromSeconds(30)));
        var range = Range("b", 10, T0 + TimeSpan.FromSeconds(1));

        Assert.False(await Store.WriteAsync(tx => tx.Chain.FinishRange(range, 256)));

        Assert.Null((await Store.Chain.FindWatcherAsync("ethereum", CancellationToken.None))!.FinishedBlock);
        Assert.Empty(await Store.Chain.RecentBlocksAsync("ethereum", 10, CancellationToken.None));
        Assert.Empty(await Store.Chain.OrderTransfersAsync("order-1", CancellationToken.None));
    }

    [Fact]
    public async Task Rewind_RemovesTheTransfersAboveTheFork_FlaggingThoseOfPaidOrders()
    {
        await Store.WriteAsync(tx =>
        {
            tx.Chain.InsertWatchedOrder(Order("order-1", "Paid"));
            tx.Chain.InsertWatchedOrder(Order("order-2", "Pending"));
            return true;
        });
        Assert.True(await Lease("a", T0, T0 + TimeSpan.FromSeconds(30)));
        Assert.True(await Store.WriteAsync(tx => tx.Chain.FinishRange(Range("a", 10, T0, "order-1", "order-2"), 256)));

        var fork = new ChainBlock("ethereum", 8, "0x8", "0x7", T0);
        var removed = await Store.WriteAsync(tx => tx.Chain.Rewind("ethereum", "a", fork, T0 + TimeSpan.FromSeconds(1)));

        Assert.NotNull(removed);
        Assert.Equal(["order-1", "order-2"], removed.Select(t => t.OrderId).Order());
        Assert.True(removed.Single(t => t.OrderId == "order-1").RemovedAfterPaid);
        Assert.False(removed.Single(t => t.OrderId == "order-2").RemovedAfterPaid);
        Assert.Equal(8, (await Store.Chain.FindWatcherAsync("ethereum", CancellationToken.None))!.FinishedBlock);
        Assert.Equal([8L, 7L], (await Store.Chain.RecentBlocksAsync("ethereum", 10, CancellationToken.None)).Select(b => b.Number));
        Assert.Single(await Store.Chain.RemovedAfterPaidAsync(10, CancellationToken.None));
        Assert.Null(await Store.WriteAsync(tx => tx.Chain.Rewind("ethereum", "b", fork, T0 + TimeSpan.FromSeconds(2))));
    }

    private Task<bool> Lease(string owner, DateTimeOffset now, DateTimeOffset until) =>
        Store.WriteAsync(tx => tx.Chain.HoldWatcherLease("ethereum", owner, now, until));

    private static WatchedOrder Order(string id, string status) =>
        new(id, "ethereum", "0x" + new string('a', 40), "0x" + new string('b', 40), 100, 3, T0.AddHours(1), 0, status, T0, null);

    /// Blocks 7..last, with one transfer in the last block for each order named.
    private static FinishedRange Range(string owner, long last, DateTimeOffset now, params string[] orders) => new(
        "ethereum", owner, last,
        [.. Enumerable.Range(7, (int)last - 6).Select(n => new ChainBlock("ethereum", n, $"0x{n}", $"0x{n - 1}", T0))],
        [.. orders.Select((o, i) => new ChainTransfer("ethereum", $"0x{last}", $"0xtx{i}", i, last, T0, o, "0x" + new string('b', 40), null,
            new BigInteger(100), ChainTransfer.Payment, now, null, false))],
        now);
}

public sealed class ChainStoreTestsOnSqlite() : ChainStoreTests(Backend.Sqlite);

public sealed class ChainStoreTestsOnPostgres() : ChainStoreTests(Backend.Postgres);
