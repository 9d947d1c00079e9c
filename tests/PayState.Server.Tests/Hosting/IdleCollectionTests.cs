using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PayState.Server.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// A busy period followed by a quiet one runs one generation-1 collection; steady work, an idle process and a
/// burst too small to matter run none. The figures are given, not the process's own (every other test moves those).
public sealed class IdleCollectionTests
{
    private const long MiB = 1024 * 1024;
    private long _allocated;
    private int _collections;
    private int _collected;

    private IdleCollection Create() => new(new FakeTimeProvider(), NullLogger<IdleCollection>.Instance,
        () => new IdleCollection.Reading(_allocated, _collections), () => _collected++);

    private bool Period(IdleCollection idle, long allocated, int collections = 0)
    {
        _allocated += allocated;
        _collections += collections;
        return idle.Tick();
    }

    [Fact]
    public void BurstThenQuiet_CollectsOnceInTheQuietPeriod()
    {
        var idle = Create();

        Assert.False(Period(idle, 4 * MiB));
        Assert.False(Period(idle, 3 * MiB));
        Assert.True(Period(idle, 10_000));
        Assert.False(Period(idle, 10_000));
        Assert.False(Period(idle, 0));

        Assert.Equal((1, 1L), (_collected, idle.Collections));
    }

    [Fact]
    public void SteadyWork_CollectsNothing_TheQuietAfterItDoes()
    {
        var idle = Create();

        for (var i = 0; i < 20; i++) Assert.False(Period(idle, IdleCollection.QuietBytes));

        Assert.True(Period(idle, 0));
    }

    [Fact]
    public void AnIdleProcess_AndABurstTooSmallToMatter_CollectNothing()
    {
        var idle = Create();

        for (var i = 0; i < 10; i++) Assert.False(Period(idle, 0));
        Assert.False(Period(idle, IdleCollection.QuietBytes));
        for (var i = 0; i < 10; i++) Assert.False(Period(idle, 1_000));

        Assert.Equal(0, _collected);
    }

    [Fact]
    public void ACollectionDuringTheBurst_CountsItsPeriodOnly()
    {
        var idle = Create();

        // The runtime collected during the second busy period: the first period's bytes are gone, the second's count.
        Period(idle, 4 * MiB);
        Period(idle, IdleCollection.PendingBytes / 2, collections: 1);
        Assert.False(Period(idle, 1_000));
        Period(idle, IdleCollection.PendingBytes, collections: 1);
        Assert.True(Period(idle, 1_000));

        Assert.Equal(1, _collected);
    }

    [Fact]
    public void ACollectionThatThrows_IsLoggedAndTheServiceGoesOn()
    {
        var idle = new IdleCollection(new FakeTimeProvider(), NullLogger<IdleCollection>.Instance,
            () => new IdleCollection.Reading(_allocated, _collections), () =>
            {
                _collected++;
                throw new InvalidOperationException("refused");
            });

        Period(idle, 4 * MiB);
        Assert.False(Period(idle, 0));
        Period(idle, 4 * MiB);
        Assert.False(Period(idle, 0));

        Assert.Equal((2, 0L), (_collected, idle.Collections));
    }
}

/// The server runs it as a hosted service on the injected clock.
public sealed class IdleCollectionHostingTests() : MerchantTestBase(Backend.Sqlite)
{
    [Fact]
    public void Server_RunsTheIdleCollection() =>
        Assert.Contains(Server.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), s => s is IdleCollection);
}
