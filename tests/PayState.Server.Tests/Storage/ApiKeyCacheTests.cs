using PayState.Server.Storage;

namespace PayState.Server.Tests.Storage;

public sealed class ApiKeyCacheTests
{
    private static readonly TerminalRecord Terminal = new("t1", "m1", "key_1", "secret-1", "whsec_one", null, null, DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task TryFind_AfterAdd_AnswersTheSameCompletedTask_AndMissesOtherKeys()
    {
        var cache = new ApiKeyCache();
        Assert.False(cache.TryFind("key_1", out _, out var generation));
        cache.Add("key_1", Terminal, generation);

        Assert.True(cache.TryFind("key_1", out var first, out _));
        Assert.True(cache.TryFind("key_1", out var second, out _));
        Assert.Same(first, second);
        Assert.True(first.IsCompletedSuccessfully);
        Assert.Same(Terminal, await first);
        Assert.False(cache.TryFind("key_2", out _, out _));
    }

    [Fact]
    public async Task Invalidate_RetiresEntries_AndOneReadBeforeItButAddedAfterIsNeverAnswered()
    {
        var cache = new ApiKeyCache();
        cache.TryFind("key_1", out _, out var before);
        cache.Add("key_1", Terminal, before);

        // A lookup began before a terminal write ended and stores what it read after: its generation is gone.
        cache.TryFind("key_2", out _, out var raced);
        cache.Invalidate();
        cache.Add("key_2", Terminal with { ApiKey = "key_2" }, raced);

        Assert.False(cache.TryFind("key_1", out _, out var now));
        Assert.False(cache.TryFind("key_2", out _, out _));
        cache.Add("key_1", Terminal with { ApiSecret = "secret-2" }, now);
        Assert.True(cache.TryFind("key_1", out var fresh, out _));
        Assert.Equal("secret-2", (await fresh)!.ApiSecret);
    }
}
