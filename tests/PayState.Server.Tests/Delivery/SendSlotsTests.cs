using Microsoft.Extensions.Logging.Abstractions;
using PayState.Server.Delivery;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

public sealed class SendSlotsTests
{
    [Fact]
    public void TryTake_PastTheTotal_Refuses()
    {
        var slots = Slots(total: 3, perHost: 10, perMerchant: 10);

        Assert.True(slots.TryTake("a", "m1"));
        Assert.True(slots.TryTake("b", "m2"));
        Assert.True(slots.TryTake("c", "m3"));

        Assert.False(slots.TryTake("d", "m4"));
        Assert.Equal(0, slots.Free);
    }

    [Fact]
    public void TryTake_PastAHostsShare_RefusesThatHostOnly()
    {
        var slots = Slots(total: 10, perHost: 2, perMerchant: 10);

        Assert.True(slots.TryTake("a", "m1"));
        Assert.True(slots.TryTake("a", "m2"));

        Assert.False(slots.TryTake("a", "m3"));
        Assert.True(slots.TryTake("b", "m1"));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 0, ["b"] = 1 }, slots.Room().Hosts);
    }

    [Fact]
    public void TryTake_PastAMerchantsShare_RefusesThatMerchantOnly_WhicheverHost()
    {
        var slots = Slots(total: 10, perHost: 10, perMerchant: 2);

        Assert.True(slots.TryTake("a", "m1"));
        Assert.True(slots.TryTake("b", "m1"));

        Assert.False(slots.TryTake("c", "m1"));
        Assert.True(slots.TryTake("c", "m2"));
        Assert.Equal(new Dictionary<string, int> { ["m1"] = 0, ["m2"] = 1 }, slots.Room().Merchants);
    }

    [Fact]
    public void TryTake_TrippedHost_OneSendAtATime_UntilItAnswers()
    {
        var breaker = new HostBreaker(new FakeTimeProvider(), NullLogger.Instance);
        var slots = new SendSlots(total: 10, perHost: 4, perMerchant: 10, breaker);
        for (var i = 0; i < HostBreaker.Threshold; i++) breaker.Unanswered("slow");

        Assert.True(slots.TryTake("slow", "m1"));
        Assert.False(slots.TryTake("slow", "m1"));
        Assert.Equal(0, slots.Room().Hosts["slow"]);
        slots.Return("slow", "m1");
        Assert.Equal(1, slots.Room().Hosts["slow"]);

        breaker.Answered("slow");

        Assert.Empty(slots.Room().Hosts);
        for (var i = 0; i < 4; i++) Assert.True(slots.TryTake("slow", "m1"));
    }

    [Fact]
    public void Return_FreesTheSlotAndForgetsAnIdleHostAndMerchant()
    {
        var slots = Slots(total: 1, perHost: 1, perMerchant: 1);
        Assert.True(slots.TryTake("a", "m1"));

        slots.Return("a", "m1");

        Assert.Empty(slots.Room().Hosts);
        Assert.Empty(slots.Room().Merchants);
        Assert.True(slots.TryTake("b", "m2"));
    }

    [Fact]
    public async Task WhenIdle_CompletesOnceTheLastSlotIsReturned()
    {
        var slots = Slots(total: 4, perHost: 4, perMerchant: 4);
        await slots.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.True(slots.TryTake("a", "m1"));
        Assert.True(slots.TryTake("b", "m1"));

        var idle = slots.WhenIdleAsync();
        slots.Return("a", "m1");
        Assert.False(idle.IsCompleted);
        slots.Return("b", "m1");

        await idle.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TryTake_FromManyThreadsAtOnce_NeverPassesTheLimits()
    {
        var slots = Slots(total: 8, perHost: 3, perMerchant: 5);
        var taken = 0;
        var worst = 0;
        var byMerchant = new int[2];
        var takers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var (host, merchant) = ($"h{(t + i) % 4}", (t + i) % 2);
                if (!slots.TryTake(host, $"m{merchant}")) continue;
                var now = Interlocked.Increment(ref taken);
                InterlockedMax(ref worst, now);
                Assert.True(Interlocked.Increment(ref byMerchant[merchant]) <= 5);
                Assert.True(slots.Room().Hosts[host] >= 0);
                Interlocked.Decrement(ref byMerchant[merchant]);
                Interlocked.Decrement(ref taken);
                slots.Return(host, $"m{merchant}");
            }
        }));

        await Task.WhenAll(takers);

        Assert.InRange(worst, 1, 8);
        Assert.Equal(8, slots.Free);
    }

    private static SendSlots Slots(int total, int perHost, int perMerchant) => new(total, perHost, perMerchant, new HostBreaker(new FakeTimeProvider(), NullLogger.Instance));

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
