namespace PayState.Server.Tests.Support;

/// WaitForSettledAsync, the wait a test makes after moving the clock instead of sleeping: it must not return before
/// what the clock made due has happened, nor wait for what is not due.
public abstract class SettledTests(Backend backend) : ServerTestBase(backend)
{
    [Fact]
    public async Task AfterTheClockPassesARetry_ReturnsOnlyOnceTheRetryIsSentAndRecorded()
    {
        Receiver.AnswerWith(500);
        await ChangeOrderAsync();
        await Receiver.NextAsync();
        await Server.WaitForSettledAsync();
        Receiver.AnswerWith(204);

        // The first retry is due within 1.2 s; 5 s is past it. No polling here: settled means it went and was recorded.
        Server.Clock.Advance(TimeSpan.FromSeconds(5));
        await Server.WaitForSettledAsync();

        Assert.Equal(2, Receiver.All.Count);
        var delivery = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0];
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
    }

    [Fact]
    public async Task AfterTheClockPassesAnExpiry_ReturnsOnlyOnceTheTimerFiredAndItsWebhookWasRecorded()
    {
        var order = await Merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", expires_in = 60, webhook_url = Receiver.UrlFor("/hook") });
        var uuid = order.GetProperty("uuid").GetString()!;
        await Server.WaitForSettledAsync();

        Server.Clock.Advance(TimeSpan.FromSeconds(61));
        await Server.WaitForSettledAsync();

        var (_, body) = await Merchant.GetOrderAsync(uuid);
        Assert.Contains("\"Expired\"", System.Text.Encoding.UTF8.GetString(body));
        var delivery = (await Merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data")[0];
        Assert.Equal("succeeded", delivery.GetProperty("status").GetString());
        Assert.Single(Receiver.All);
    }

    [Fact]
    public async Task WithASendHeldOpen_ReturnsWhileItIsUnderWay()
    {
        var answer = new TaskCompletionSource<ReceiverAnswer>(TaskCreationOptions.RunContinuationsAsynchronously);
        Receiver.Responder = _ => answer.Task;
        await ChangeOrderAsync();
        await Receiver.NextAsync();

        await Server.WaitForSettledAsync(sending: 1);

        answer.SetResult(ReceiverAnswer.NoContent);
        await Server.WaitForSettledAsync();
        Assert.Single(Receiver.All);
    }

    private async Task<string> ChangeOrderAsync()
    {
        var order = await Merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = Receiver.UrlFor("/hook") });
        var uuid = order.GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(uuid, "Pending");
        return uuid;
    }
}

public sealed class SettledTestsOnSqlite() : SettledTests(Backend.Sqlite);

public sealed class SettledTestsOnPostgres() : SettledTests(Backend.Postgres);
