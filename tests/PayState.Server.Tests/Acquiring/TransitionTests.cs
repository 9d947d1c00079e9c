using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

/// Spec section 3's transition table, checked pair by pair through the processor API.
public abstract class TransitionTests(Backend backend) : MerchantTestBase(backend)
{
    private static readonly string[] Statuses = ["Created", "Pending", "Paid", "Expired", "Failed"];

    private static readonly HashSet<(string From, string To)> ProcessorMoves =
    [
        ("Created", "Pending"), ("Created", "Failed"), ("Pending", "Paid"), ("Pending", "Failed"),
    ];

    /// The same move sent again (its answer lost): answered with the order as it is, nothing written.
    private static readonly HashSet<(string From, string To)> MadeAlready = [("Pending", "Pending"), ("Paid", "Paid"), ("Failed", "Failed")];

    public static TheoryData<string, string> AllPairs() => TheoryPairs.Of(Statuses);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task MoveOrder_FromTo_AllowedAnswers200SameAgainAnswers200UnchangedOthersAnswer409AndChangeNothing(string from, string to)
    {
        var uuid = await ReachAsync(from);
        var (_, before) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal(from, StatusOf(before));
        var events = Server.CountRows("events");

        using var response = await Server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", JsonSerializer.Serialize(new { status = to }));

        var text = await response.Content.ReadAsStringAsync();
        var (_, after) = await Merchant.GetOrderAsync(uuid);
        if (ProcessorMoves.Contains((from, to)))
        {
            Assert.True((int)response.StatusCode == 200, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal(to, JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("status").GetString());
            Assert.Equal(after, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(to, StatusOf(after));
            Assert.Equal(events + 1, Server.CountRows("events"));
        }
        else if (MadeAlready.Contains((from, to)))
        {
            Assert.True((int)response.StatusCode == 200, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal(before, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(before, after);
            Assert.Equal(events, Server.CountRows("events"));
        }
        else
        {
            Assert.True((int)response.StatusCode == 409, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_transition", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.Equal(before, after);
            Assert.Equal(events, Server.CountRows("events"));
        }
    }

    [Fact]
    public async Task MoveOrder_SameMoveSentAtOnce_AllAnswer200WithOneEvent()
    {
        // Each request decides on the order as it finds it, so several decide Created -> Pending on version 1. The
        // first write wins; the others find a newer version, are decided again on it (Pending -> Pending): made already.
        var uuid = await ReachAsync("Created");
        var events = Server.CountRows("events");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8)
            .Select(_ => Server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", """{"status":"Pending"}""")));

        var codes = responses.Select(r => (int)r.StatusCode).ToList();
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));
        foreach (var response in responses) response.Dispose();
        Assert.All(codes, c => Assert.Equal(200, c));
        Assert.Equal(events + 1, Server.CountRows("events"));
        var (_, after) = await Merchant.GetOrderAsync(uuid);
        Assert.Equal("Pending", StatusOf(after));
        Assert.All(bodies, body => Assert.Equal(after, body));
    }

    [Fact]
    public async Task MoveOrder_UnknownUuid_Answers404()
    {
        var events = Server.CountRows("events");

        using var response = await Server.ProcessorAsync($"processor/v1/acquiring/order/{Guid.NewGuid()}/status", """{"status":"Pending"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 404, $"Answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.Equal(events, Server.CountRows("events"));
    }

    /// A new order brought to status by allowed moves only (Expired by the server's own timer).
    private async Task<string> ReachAsync(string status)
    {
        var expiresIn = status == "Expired" ? 60 : 1800;
        var uuid = (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", expires_in = expiresIn }))
            .GetProperty("uuid").GetString()!;
        switch (status)
        {
            case "Created":
                break;
            case "Pending":
                await Server.MoveOrderAsync(uuid, "Pending");
                break;
            case "Paid":
                await Server.MoveOrderAsync(uuid, "Pending");
                await Server.MoveOrderAsync(uuid, "Paid");
                break;
            case "Failed":
                await Server.MoveOrderAsync(uuid, "Failed");
                break;
            case "Expired":
                Server.Clock.Advance(TimeSpan.FromSeconds(61));
                await WaitForStatusAsync(uuid, "Expired");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, "Not an order status.");
        }
        return uuid;
    }

    /// Waits for the timer loop's background change.
    private Task WaitForStatusAsync(string uuid, string status) =>
        Eventually.HoldsAsync(
            async () =>
            {
                var (code, body) = await Merchant.GetOrderAsync(uuid);
                Assert.Equal(200, code);
                return StatusOf(body) == status;
            },
            $"order {uuid} is {status}");

    private static string? StatusOf(byte[] envelope) =>
        JsonDocument.Parse(envelope).RootElement.GetProperty("data").GetProperty("status").GetString();
}

public sealed class TransitionTestsOnSqlite() : TransitionTests(Backend.Sqlite);

public sealed class TransitionTestsOnPostgres() : TransitionTests(Backend.Postgres);
