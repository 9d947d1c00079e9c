using Microsoft.Extensions.DependencyInjection;
using PayState.Server.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// Idle memory is released on the injected clock's period, and reads after a release (whose pooled SQLite
/// connections dropped their page caches) answer as before.
public abstract class MemoryReleaseTests(Backend backend) : MerchantTestBase(backend)
{
    [Fact]
    public async Task Period_ReleasesOnceEachPeriodOnTheClock()
    {
        var release = Server.Services.GetRequiredService<MemoryRelease>();
        var before = release.Releases;

        Server.Clock.Advance(MemoryRelease.Period - TimeSpan.FromSeconds(1));
        // Proves that nothing happens before the period: a short bounded wait, since no event marks a release not made.
        await Task.Delay(50);
        Assert.Equal(before, release.Releases);

        Server.Clock.Advance(TimeSpan.FromSeconds(1));
        await UntilAsync(() => release.Releases == before + 1);
        Server.Clock.Advance(MemoryRelease.Period);
        await UntilAsync(() => release.Releases == before + 2);
    }

    [Fact]
    public async Task ReadsAfterARelease_AnswerTheSameBody()
    {
        var uuid = (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        var (status, body) = await Merchant.GetOrderAsync(uuid);
        var release = Server.Services.GetRequiredService<MemoryRelease>();
        var before = release.Releases;

        Server.Clock.Advance(MemoryRelease.Period);
        await UntilAsync(() => release.Releases == before + 1);
        var (statusAfter, bodyAfter) = await Merchant.GetOrderAsync(uuid);

        Assert.Equal(200, status);
        Assert.Equal(status, statusAfter);
        Assert.Equal(body, bodyAfter);
    }

    private static Task UntilAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, "the release ran");
}

public sealed class MemoryReleaseTestsOnSqlite() : MemoryReleaseTests(Backend.Sqlite);

public sealed class MemoryReleaseTestsOnPostgres() : MemoryReleaseTests(Backend.Postgres);
