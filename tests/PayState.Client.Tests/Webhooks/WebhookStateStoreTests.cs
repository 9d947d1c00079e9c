using System.Text;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;

namespace PayState.Client.Tests.Webhooks;

public sealed class WebhookStateStoreTests
{
    public static TheoryData<string> Stores => StoreKinds.All;

    public static TheoryData<string> Sql => StoreKinds.Sql;

    private static PayStateWebhook Message(string id, long sequence, byte[] body)
    {
        Assert.True(PayStateWebhook.TryParse(id, sequence, body, out var webhook));
        return webhook;
    }

    private static async Task RecordAsync(IWebhookStateStore store, PayStateWebhook webhook, int statusCode = 200)
    {
        await using var scope = await store.BeginAsync(webhook, CancellationToken.None);
        await scope.CommitAsync(statusCode, CancellationToken.None);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task RemembersMessagesByIdAndKind_AndTheHighestSequencePerObjectAndKind(string kind)
    {
        var store = StoreKinds.Create(kind).NewStore();
        var ct = CancellationToken.None;
        var identification = Message("evt_1", 3, TestWebhooks.IdentificationBody("chk_a"));
        var ipn = Message("evt_1", 3, TestWebhooks.IpnBody("chk_a"));

        await RecordAsync(store, identification);

        // The same id and sequence as another kind: a message of its own, in a stream of its own.
        await using (var scope = await store.BeginAsync(ipn, ct))
        {
            Assert.Null(scope.RecordedStatusCode);
            Assert.Null(scope.LastSequence);
        }
        Assert.Equal(200, await store.RecordedStatusCodeAsync("evt_1", WebhookKind.IdentificationEvent, ct));
        Assert.Null(await store.RecordedStatusCodeAsync("evt_1", WebhookKind.Ipn, ct));
        Assert.Equal(3, await store.LastSequenceAsync("chk_a", WebhookKind.IdentificationEvent, ct));
        Assert.Null(await store.LastSequenceAsync("chk_a", WebhookKind.Ipn, ct));

        await RecordAsync(store, ipn, 409);
        await using (var scope = await store.BeginAsync(ipn, ct))
        {
            Assert.Equal(409, scope.RecordedStatusCode);
            Assert.Equal(3, scope.LastSequence);
        }

        // A lower sequence is recorded but never lowers the stream's.
        await RecordAsync(store, Message("evt_0", 2, TestWebhooks.IdentificationBody("chk_a")));
        Assert.Equal(3, await store.LastSequenceAsync("chk_a", WebhookKind.IdentificationEvent, ct));
        Assert.Equal(200, await store.RecordedStatusCodeAsync("evt_0", WebhookKind.IdentificationEvent, ct));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task ScopeDisposedWithoutCommit_RecordsNothing(string kind)
    {
        var store = StoreKinds.Create(kind).NewStore();
        var webhook = Message("evt_1", 2, TestWebhooks.OrderBody("ord_a", OrderStatuses.Pending));

        await using (await store.BeginAsync(webhook, CancellationToken.None))
        {
        }

        Assert.Null(await store.RecordedStatusCodeAsync("evt_1", WebhookKind.AcquiringOrder, CancellationToken.None));
        Assert.Null(await store.LastSequenceAsync("ord_a", WebhookKind.AcquiringOrder, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Sql))]
    public async Task SqlStores_CreateTheirTablesOnFirstUse(string kind)
    {
        var database = StoreKinds.Create(kind);

        await RecordAsync(database.NewStore(), Message("evt_1", 2, Encoding.UTF8.GetBytes(
            """{"id":"evt_1","sessionId":"ses_1","customerId":"c-1","sessionStatus":"COMPLETED","timestamp":"2026-01-01T12:00:00.000000Z"}""")));
        var cursors = database.NewCursorStore();
        Assert.Null(await cursors.LoadAsync("eu", CancellationToken.None));
        await cursors.SaveAsync("eu", "c1", CancellationToken.None);
        await database.NewCursorStore().SaveAsync("eu", "c2", CancellationToken.None);

        Assert.Equal(2, await database.NewStore().LastSequenceAsync("ses_1", WebhookKind.VerificationEvent, CancellationToken.None));
        Assert.Equal("c2", await database.NewCursorStore().LoadAsync("eu", CancellationToken.None));
        Assert.Null(await database.NewCursorStore().LoadAsync("", CancellationToken.None));
        await ((SqlWebhookStateStore)database.NewStore()).EnsureCreatedAsync();
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM paystate_webhook_messages"));
    }
}
