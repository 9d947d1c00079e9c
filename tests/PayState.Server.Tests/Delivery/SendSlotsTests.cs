using PayState.Server.Delivery;

namespace PayState.Server.Tests.Delivery;

public sealed class SendSlotsTests
{
    [Fact]
    public void TryTake_PastTheTotal_Refuses()
    {
        var slots = new SendSlots(total: 3, perHost: 10);

        Assert.True(slots.TryTake("a"));
        Assert.True(slots.TryTake("b"));
        Assert.True(slots.TryTake("c"));

        Assert.False(slots.TryTake("d"));
        Assert.Equal(0, slots.Free);
    }

    [Fact]
    public void TryTake_PastAHostsShare_RefusesThatHostOnly()
    {
        var slots = new SendSlots(total: 10, perHost: 2);

        Assert.True(slots.TryTake("a"));
        Assert.True(slots.TryTake("a"));

        Assert.False(slots.TryTake("a"));
        Assert.True(slots.TryTake("b"));
        Assert.Equal(new Dictionary<string, int> { ["a"] = 2, ["b"] = 1 }, slots.ByHost());
    }

    [Fact]
    public void Return_FreesTheSlotAndForgetsAnIdleHost()
    {
        var slots = new SendSlots(total: 1, perHost: 1);
        Assert.True(slots.TryTake("a"));

        slots.Return("a");

        Assert.Empty(slots.ByHost());
        Assert.True(slots.TryTake("b"));
    }

    [Fact]
    public async Task WhenIdle_CompletesOnceTheLastSlotIsReturned()
    {
        var slots = new SendSlots(total: 4, perHost: 4);
        await slots.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(1));
        Assert.True(slots.TryTake("a"));
        Assert.True(slots.TryTake("b"));

        var idle = slots.WhenIdleAsync();
        slots.Return("a");
        Assert.False(idle.IsCompleted);
        slots.Return("b");

        await idle.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task TryTake_FromManyThreadsAtOnce_NeverPassesTheLimits()
    {
        var slots = new SendSlots(total: 8, perHost: 3);
        var taken = 0;
        var worst = 0;
        var takers = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 20_000; i++)
            {
                var host = $"h{(t + i) % 4}";
                if (!slots.TryTake(host)) continue;
                var now = Interlocked.Increment(ref taken);
                InterlockedMax(ref worst, now);
                Assert.True(slots.ByHost()[host] <= 3);
                Interlocked.Decrement(ref taken);
                slots.Return(host);
            }
        }));

        await Task.WhenAll(takers);

        Assert.InRange(worst, 1, 8);
        Assert.Equal(8, slots.Free);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
