using System.Data.Common;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// The promise of SqlWebhookStateStore: several instances on one database handle each message once, and what the handler
// writes in the store's transaction commits with the message's record or not at all.
public sealed class SharedStoreTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public static TheoryData<string> Stores => StoreKinds.Sql;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    // The app's own change, written through the store's connection and transaction.
    private static PayStateWebhookHandler Applying(Func<PayStateWebhook, Task>? after = null) => async (webhook, context) =>
    {
        await using var command = context.Connection!.CreateCommand();
        command.Transaction = context.Transaction;
        command.CommandText = "INSERT INTO applied (message_id, object_id, sequence) VALUES (@m, @o, @s)";
        Add(command, "@m", webhook.MessageId);
        Add(command, "@o", webhook.ObjectId);
        Add(command, "@s", webhook.Sequence);
        await command.ExecuteNonQueryAsync(context.CancellationToken);
        if (after is not null) await after(webhook);
        return WebhookResult.Processed;
    };

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static async Task<TestDatabase> DatabaseAsync(string kind)
    {
        var database = StoreKinds.Create(kind);
        await database.ExecuteAsync("CREATE TABLE applied (message_id VARCHAR(64) NOT NULL, object_id VARCHAR(64) NOT NULL, sequence BIGINT NOT NULL)");
        return database;
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task TwoReceiversOnOneDatabase_EveryMessageAppliedOnce_NoneStaleApplied(string kind)
    {
        var database = await DatabaseAsync(kind);
        // Two instances of the app, each with a store of its own on the one database (as two processes would have).
        // The handler's calls for one object never overlap, so this queue holds each object's calls in the order they ran.
        var calls = new System.Collections.Concurrent.ConcurrentQueue<(string ObjectId, long Sequence)>();
        var handler = Applying(async webhook =>
        {
            calls.Enqueue((webhook.ObjectId, webhook.Sequence));
            // Slow on purpose: a call that takes a moment is one another instance could overlap.
            await Task.Delay(5);
        });
        await using var first = await ReceiverApp.StartAsync(database.NewStore(), _server.Clock, [_merchant.WebhookSecret], handler);
        await using var second = await ReceiverApp.StartAsync(database.NewStore(), _server.Clock, [_merchant.WebhookSecret], handler);
        var now = _server.Clock.GetUtcNow();

        // Every message of three objects, sequences 2 to 6, sent to both instances three times each, all at once.
        var sends = new List<Task<int>>();
        foreach (var order in new[] { "ord_a", "ord_b", "ord_c" })
        {
            for (var sequence = 2; sequence <= 6; sequence++)
            {
                var body = TestWebhooks.OrderBody(order, OrderStatuses.Pending);
                var headers = TestWebhooks.Headers(_merchant.WebhookSecret, $"evt_{order}_{sequence}", sequence, body, now);
                for (var copy = 0; copy < 3; copy++)
                {
                    sends.Add(first.SendAsync(headers, body));
                    sends.Add(second.SendAsync(headers, body));
                }
            }
        }
        var answers = await Task.WhenAll(sends);

        Assert.All(answers, status => Assert.Equal(200, status));
        // No message applied twice, and per object the applied sequences only ever rose (later ones may make earlier ones stale).
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM (SELECT message_id FROM applied GROUP BY message_id HAVING count(*) > 1) twice"));
        Assert.Equal(calls.Count, await database.CountAsync("SELECT count(*) FROM applied"));
        foreach (var perObject in calls.GroupBy(c => c.ObjectId))
        {
            var sequences = perObject.Select(c => c.Sequence).ToList();
            Assert.True(sequences.Zip(sequences.Skip(1)).All(p => p.First < p.Second), $"{perObject.Key} applied {string.Join(", ", sequences)}");
        }
        var store = database.NewStore();
        foreach (var order in new[] { "ord_a", "ord_b", "ord_c" })
        {
            Assert.Equal(6, await store.LastSequenceAsync(order, WebhookKind.AcquiringOrder, CancellationToken.None));
            Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM applied WHERE object_id = '{order}' AND sequence = 6"));
        }
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task HandlerThrowsAfterWriting_ItsWriteIsRolledBack_AndTheRetryAppliesItOnce(string kind)
    {
        var database = await DatabaseAsync(kind);
        var fail = true;
        await using var receiver = await ReceiverApp.StartAsync(database.NewStore(), _server.Clock, [_merchant.WebhookSecret],
            Applying(_ => fail ? throw new InvalidOperationException("the app's next step failed") : Task.CompletedTask));
        var body = TestWebhooks.OrderBody("ord_a", OrderStatuses.Paid);
        var headers = TestWebhooks.Headers(_merchant.WebhookSecret, "evt_1", 3, body, _server.Clock.GetUtcNow());

        Assert.Equal(500, await receiver.SendAsync(headers, body));
        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM applied"));
        Assert.Null(await database.NewStore().RecordedStatusCodeAsync("evt_1", WebhookKind.AcquiringOrder, CancellationToken.None));

        fail = false;
        Assert.Equal(200, await receiver.SendAsync(headers, body));
        Assert.Equal(200, await receiver.SendAsync(headers, body));
        Assert.Equal(1, await database.CountAsync("SELECT count(*) FROM applied"));
    }
}
