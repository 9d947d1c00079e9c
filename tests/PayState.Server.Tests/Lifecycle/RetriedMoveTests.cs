using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Lifecycle;

/// A processor that retries a move whose answer it lost (a 503, a timeout) is told the move is made: the same move
/// sent again, or any move sent again with its Idempotency-Key, answers 200 with the object as it is and writes
/// nothing; a different move is still refused. On all three processor endpoints.
public abstract class RetriedMoveTests(Backend backend) : MerchantTestBase(backend)
{
    [Fact]
    public async Task MoveOrder_SentAgainWithItsKeyAfterTheOrderMovedOn_Answers200WithTheOrderAsItIs()
    {
        var uuid = await OrderAsync();
        var path = $"processor/v1/acquiring/order/{uuid}/status";
        var (first, _) = await ProcessorAsync(path, """{"status":"Pending"}""", "move-1");
        await Server.MoveOrderAsync(uuid, "Paid");
        var events = Server.CountRows("events");

        var (again, body) = await ProcessorAsync(path, """{"status":"Pending"}""", "move-1");
        var (withoutKey, _) = await ProcessorAsync(path, """{"status":"Pending"}""");

        Assert.Equal(200, first);
        Assert.Equal(200, again);
        var (_, paid) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(Encoding.UTF8.GetString(paid), body);
        Assert.Equal(409, withoutKey);
        Assert.Equal(events, Server.CountRows("events"));
    }

    [Fact]
    public async Task MoveKey_SentWithAnotherMoveOrObject_Answers422AndChangesNothing()
    {
        var (one, other) = (await OrderAsync(), await OrderAsync());
        await ProcessorAsync($"processor/v1/acquiring/order/{one}/status", """{"status":"Pending"}""", "move-2");
        var events = Server.CountRows("events");

        var (anotherBody, anotherBodyText) = await ProcessorAsync($"processor/v1/acquiring/order/{one}/status", """{"status":"Failed"}""", "move-2");
        var (anotherObject, _) = await ProcessorAsync($"processor/v1/acquiring/order/{other}/status", """{"status":"Pending"}""", "move-2");

        Assert.Equal(422, anotherBody);
        Assert.Equal(422, anotherObject);
        Assert.Equal("idempotency_key_reused", JsonDocument.Parse(anotherBodyText).RootElement.GetProperty("code").GetString());
        Assert.Equal(events, Server.CountRows("events"));
        var (_, untouched) = await Merchant.GetOrderAsync(other);
        Assert.Equal("Created", StatusOf(untouched));
    }

    [Fact]
    public async Task MoveSession_SameStatusAgain_Answers200Unchanged_AnotherReasonAnswers409()
    {
        var id = await SessionAsync();
        var path = $"processor/v1/piv/sessions/{id}/status";
        var ongoing = """{"sessionStatus":"ONGOING_VERIFICATION"}""";
        var failed = """{"sessionStatus":"FAILED","statusReason":"NAME_MISMATCH"}""";

        var (first, firstBody) = await ProcessorAsync(path, ongoing);
        var (again, againBody) = await ProcessorAsync(path, ongoing);
        await ProcessorAsync(path, failed);
        var events = Server.CountRows("events");
        // Decided by the session as it is, not by the clock: a retry after expiresAt is still the move made.
        Server.Clock.Advance(TimeSpan.FromHours(2));
        var (failedAgain, failedAgainBody) = await ProcessorAsync(path, failed);
        var (otherReason, _) = await ProcessorAsync(path, """{"sessionStatus":"FAILED","statusReason":"OTHER"}""");

        Assert.Equal((200, 200), (first, again));
        Assert.Equal(firstBody, againBody);
        Assert.Equal(200, failedAgain);
        Assert.Equal("NAME_MISMATCH", JsonDocument.Parse(failedAgainBody).RootElement.GetProperty("statusReason").GetString());
        Assert.Equal(409, otherReason);
        Assert.Equal(events, Server.CountRows("events"));
    }

    [Fact]
    public async Task SetAction_SameActionAndFieldsAgain_Answers200WithOneEvent_OtherFieldsMoveIt()
    {
        var uuid = await CheckoutAsync("https://shop.example/ipn");
        var path = $"processor/v1/checkout/{uuid}/action";
        await ProcessorAsync(path, """{"action":"wait_for_screening","expires_in":120}""");
        var events = Server.CountRows("events");

        Server.Clock.Advance(TimeSpan.FromSeconds(20));
        var (again, body) = await ProcessorAsync(path, """{"action":"wait_for_screening","expires_in":120}""");
        var afterAgain = Server.CountRows("events");
        var (other, _) = await ProcessorAsync(path, """{"action":"wait_for_screening","expires_in":60}""");

        Assert.Equal(200, again);
        // The deadline the first move set still holds: the retry set no new one.
        Assert.Equal("""{"action":"wait_for_screening","expires_in":100}""", body);
        Assert.Equal(events, afterAgain);
        Assert.Equal(200, other);
        Assert.Equal(events + 1, Server.CountRows("events"));
    }

    [Fact]
    public async Task Approve_SentAgainWhileItsIpnIsUnanswered_Answers200AndSendsOneIpn()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.AnswerWith(500);
        var uuid = await CheckoutAsync(receiver.UrlFor("/ipn"));

        var (first, firstBody) = await ProcessorAsync($"processor/v1/checkout/{uuid}/approve", "");
        await receiver.NextAsync();
        var (again, againBody) = await ProcessorAsync($"processor/v1/checkout/{uuid}/approve", "");

        Assert.Equal((200, 200), (first, again));
        Assert.Equal("""{"action":"wait_for_confirmation"}""", firstBody);
        Assert.Equal(firstBody, againBody);
        Assert.Equal(1, Server.CountRows("deliveries"));
        Assert.Equal(1, Server.CountRows("events"));
    }

    [Fact]
    public async Task Approve_SentAgainAfterItsIpnFinishedTheCheckout_Answers200WithFinish_HoldStill409()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var uuid = await CheckoutAsync(receiver.UrlFor("/ipn"));
        await ProcessorAsync($"processor/v1/checkout/{uuid}/approve", "");
        await receiver.NextAsync();
        var finished = """{"action":"finish","return_url":"https://shop.example/thanks"}""";
        await WaitForActionAsync(uuid, finished);

        var (again, body) = await ProcessorAsync($"processor/v1/checkout/{uuid}/approve", "");
        var (hold, _) = await ProcessorAsync($"processor/v1/checkout/{uuid}/hold", "");

        Assert.Equal(200, again);
        Assert.Equal(finished, body);
        Assert.Equal(409, hold);
        Assert.Equal(1, Server.CountRows("deliveries"));
        Assert.Single(receiver.All);
    }

    [Fact]
    public async Task SetAction_SentAgainWithItsKeyAfterAnotherMove_Answers200WithTheCheckoutAsItIs()
    {
        var uuid = await CheckoutAsync("https://shop.example/ipn");
        var path = $"processor/v1/checkout/{uuid}/action";
        await ProcessorAsync(path, """{"action":"require_validate_otp"}""", "otp-1");
        await ProcessorAsync(path, """{"action":"show_error"}""");
        var events = Server.CountRows("events");

        var (again, body) = await ProcessorAsync(path, """{"action":"require_validate_otp"}""", "otp-1");

        Assert.Equal(200, again);
        Assert.Equal("""{"action":"show_error"}""", body);
        Assert.Equal(events, Server.CountRows("events"));
    }

    private async Task<string> OrderAsync() =>
        (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum" })).GetProperty("uuid").GetString()!;

    private async Task<string> SessionAsync()
    {
        using var created = await Merchant.PostAsync("/api/v1/piv/sessions", """{"customerId":"c-1"}""");
        return JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("sessionId").GetString()!;
    }

    private async Task<string> CheckoutAsync(string notifyUrl)
    {
        using var response = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "ref-1", order_ref_2 = "ref-2", amount = 12000, currency = "EUR", notify_url = notifyUrl,
            return_url = "https://shop.example/thanks",
        }));
        Assert.Equal(201, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("uuid").GetString()!;
    }

    /// The IPN's answer is recorded by the dispatcher after the receiver answered: wait for the action it leads to.
    private async Task WaitForActionAsync(string uuid, string expected)
    {
        using var response = await Server.Http.GetAsync(new Uri(Server.BaseUri, $"api/v1/checkout/{uuid}/wait"));
        var body = await response.Content.ReadAsStringAsync();
        if (body == expected) return;
        using var held = new HttpRequestMessage(HttpMethod.Get, new Uri(Server.BaseUri, $"api/v1/checkout/{uuid}/wait?timeout=10"));
        held.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var changed = await Server.Http.SendAsync(held);
        Assert.Equal(expected, await changed.Content.ReadAsStringAsync());
    }

    private async Task<(int Status, string Body)> ProcessorAsync(string path, string body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.BaseUri, path))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.ProcessorToken);
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        using var response = await Server.Http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? StatusOf(byte[] envelope) =>
        JsonDocument.Parse(envelope).RootElement.GetProperty("data").GetProperty("status").GetString();
}

public sealed class RetriedMoveTestsOnSqlite() : RetriedMoveTests(Backend.Sqlite);

public sealed class RetriedMoveTestsOnPostgres() : RetriedMoveTests(Backend.Postgres);
