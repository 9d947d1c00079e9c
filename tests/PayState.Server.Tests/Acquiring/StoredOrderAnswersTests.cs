using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

/// An order's document is stored once, with its QR code left out and rendered again when answered (StoredOrder): every
/// answer and webhook of every version is the same bytes whichever version is read, from which store, before and after
/// a restart, and each version's QR code is the one the order was created with.
public abstract class StoredOrderAnswersTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task EveryVersion_AnswersWebhooksAndEvents_AreTheSameBytesAcrossRestarts()
    {
        var created = await Merchant.CreateOrderAsync(new { amount = 12500000, currency = "USDC", network = "ethereum", webhook_url = Receiver.UrlFor("/hook") });
        var uuid = created.GetProperty("uuid").GetString()!;
        var qr = created.GetProperty("wallet").GetProperty("wallet_qr").GetString()!;
        var answers = new List<string> { await GetAsync(uuid) };
        foreach (var status in new[] { "Pending", "Paid" })
        {
            Server.Clock.Advance(TimeSpan.FromSeconds(3));
            var moved = (await Server.MoveOrderAsync(uuid, status)).GetRawText();
            var webhook = (await Receiver.NextAsync()).BodyText;
            var answer = await GetAsync(uuid);
            Assert.Equal(answer, webhook);
            Assert.Equal(answer, moved);
            answers.Add(answer);
        }
        var events = await EventPayloadsAsync();

        await Server.RestartAsync();

        Assert.Equal(answers[^1], await GetAsync(uuid));
        Assert.Equal(events, await EventPayloadsAsync());
        Assert.Equal(answers[1..], events);
        Assert.All(answers, a => Assert.Equal(qr, QrOf(a)));
        Assert.Equal(created.GetRawText(), JsonDocument.Parse(answers[0]).RootElement.GetProperty("data").GetRawText());
    }

    [Fact]
    public async Task ARetriedWebhook_SentFromTheStore_IsTheBodyOfItsVersion()
    {
        // The first send fails, so the retry is claimed from the store (its stored form) rather than handed over.
        Receiver.AnswerWith(500);
        var uuid = (await Merchant.CreateOrderAsync(new { amount = 5, currency = "TRX", network = "tron", webhook_url = Receiver.UrlFor("/hook") }))
            .GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        var first = await Receiver.NextAsync();
        Receiver.AnswerWith(204);
        await Merchant.WaitForDeliveriesSettledAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(2));
        var retried = await Receiver.NextAsync();

        Assert.Equal(first.BodyText, retried.BodyText);
        Assert.Equal(await GetAsync(uuid), retried.BodyText);
    }

    private async Task<string> GetAsync(string uuid)
    {
        var (status, body) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(200, status);
        return Encoding.UTF8.GetString(body);
    }

    private async Task<List<string>> EventPayloadsAsync() =>
        [.. (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data").EnumerateArray().Select(e => e.GetProperty("payload").GetRawText())];

    private static string QrOf(string answer) =>
        JsonDocument.Parse(answer).RootElement.GetProperty("data").GetProperty("wallet").GetProperty("wallet_qr").GetString()!;
}

public sealed class StoredOrderAnswersTestsOnSqlite() : StoredOrderAnswersTests(Backend.Sqlite);

public sealed class StoredOrderAnswersTestsOnPostgres() : StoredOrderAnswersTests(Backend.Postgres);
