using PayState.Server.Dashboard;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// The store's records of access, the same on every backend: a request signature is used once, dashboard sessions
/// are found by the hash of their cookie, and both are removed once past their time.
public abstract class AccessRecordsTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private TestStore _test = null!;

    private IDashboardStore Store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(backend, new FakeTimeProvider(T0));

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task UseSignature_SecondUseOfOneSignature_IsRefused_EvenAfterReopening()
    {
        var signature = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        var first = await Store.WriteAsync(tx => tx.UseSignature(signature, T0.AddMinutes(10)));
        var second = await Store.WriteAsync(tx => tx.UseSignature(signature, T0.AddMinutes(10)));
        await _test.ReopenAsync();
        var afterReopen = await Store.WriteAsync(tx => tx.UseSignature(signature, T0.AddMinutes(10)));
        var other = await Store.WriteAsync(tx => tx.UseSignature([.. signature.Reverse()], T0.AddMinutes(10)));

        Assert.Equal((true, false, false, true), (first, second, afterReopen, other));
    }

    [Fact]
    public async Task UseSignature_TwiceInOneBatch_OnlyTheFirstSucceeds()
    {
        var signature = new byte[32];

        var uses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Store.WriteAsync(tx => tx.UseSignature(signature, T0.AddMinutes(10)))));

        Assert.Equal(1, uses.Count(u => u));
    }

    [Fact]
    public async Task DeleteExpired_RemovesOnlySignaturesAndSessionsPastTheirTime()
    {
        await Store.WriteAsync(tx =>
        {
            tx.UseSignature([1], T0.AddMinutes(1));
            tx.UseSignature([2], T0.AddMinutes(20));
            tx.InsertDashboardSession(new DashboardSessionRecord([1], null, null, [9], T0, T0.AddMinutes(1)));
            tx.InsertDashboardSession(new DashboardSessionRecord([2], "m1", "t1", [9], T0, T0.AddHours(8)));
            return true;
        });

        var removed = await Store.WriteAsync(tx => tx.DeleteExpiredAccessRecords(T0.AddMinutes(5)));

        Assert.Equal(2, removed);
        Assert.True(await Store.WriteAsync(tx => tx.UseSignature([1], T0.AddMinutes(30))));
        Assert.False(await Store.WriteAsync(tx => tx.UseSignature([2], T0.AddMinutes(30))));
        Assert.Null(await Store.FindDashboardSessionAsync([1], CancellationToken.None));
        var kept = await Store.FindDashboardSessionAsync([2], CancellationToken.None);
        Assert.Equal(("m1", "t1", T0.AddHours(8)), (kept!.MerchantId, kept.TerminalId, kept.ExpiresAt));
        Assert.Equal([9], kept.Stamp);
    }

    [Fact]
    public async Task DeleteDashboardSession_RemovesThatOneOnly()
    {
        await Store.WriteAsync(tx =>
        {
            tx.InsertDashboardSession(new DashboardSessionRecord([1], null, null, [9], T0, T0.AddHours(8)));
            tx.InsertDashboardSession(new DashboardSessionRecord([2], null, null, [9], T0, T0.AddHours(8)));
            return true;
        });

        await Store.WriteAsync(tx => { tx.DeleteDashboardSession([1]); return true; });

        Assert.Null(await Store.FindDashboardSessionAsync([1], CancellationToken.None));
        Assert.NotNull(await Store.FindDashboardSessionAsync([2], CancellationToken.None));
    }
}

public sealed class AccessRecordsTestsOnSqlite() : AccessRecordsTests(Backend.Sqlite);

public sealed class AccessRecordsTestsOnPostgres() : AccessRecordsTests(Backend.Postgres);
