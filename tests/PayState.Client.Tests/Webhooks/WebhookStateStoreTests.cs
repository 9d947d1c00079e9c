using PayState.Client.Webhooks;

namespace PayState.Client.Tests.Webhooks;

public sealed class WebhookStateStoreTests
{
    public static TheoryData<string> Stores => StoreKinds.All;

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RemembersEventsAndTheHighestSequencePerObject(string kind)
    {
        var store = await StoreKinds.CreateAsync(kind);
        var ct = CancellationToken.None;

        Assert.False(await store.IsProcessedAsync("evt_1", ct));
        Assert.Null(await store.LastSequenceAsync("obj_a", ct));

        await store.MarkProcessedAsync("evt_1", "obj_a", 3, ct);
        Assert.True(await store.IsProcessedAsync("evt_1", ct));
        Assert.Equal(3, await store.LastSequenceAsync("obj_a", ct));
        Assert.Null(await store.LastSequenceAsync("obj_b", ct));

        // A lower sequence is recorded as processed but never lowers the object's sequence.
        await store.MarkProcessedAsync("evt_2", "obj_a", 2, ct);
        Assert.True(await store.IsProcessedAsync("evt_2", ct));
        Assert.Equal(3, await store.LastSequenceAsync("obj_a", ct));

        await store.MarkProcessedAsync("evt_3", "obj_a", 5, ct);
        await store.MarkProcessedAsync("evt_4", "obj_b", 2, ct);
        Assert.Equal(5, await store.LastSequenceAsync("obj_a", ct));
        Assert.Equal(2, await store.LastSequenceAsync("obj_b", ct));
        Assert.False(await store.IsProcessedAsync("evt_5", ct));
    }

    [Fact]
    public async Task Sql_EnsureCreated_IsIdempotent()
    {
        var store = (SqlWebhookStateStore)await StoreKinds.CreateAsync(StoreKinds.Sqlite);
        await store.MarkProcessedAsync("evt_1", "obj_a", 2, CancellationToken.None);
        await store.EnsureCreatedAsync();
        Assert.True(await store.IsProcessedAsync("evt_1", CancellationToken.None));
    }
}
