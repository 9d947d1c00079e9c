using System.Diagnostics;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Acquiring;

/// Spec section 3's transition table, checked pair by pair through the processor API.
public abstract class TransitionTests(Backend backend) : IAsyncLifetime
{
    private static readonly string[] Statuses = ["Created", "Pending", "Paid", "Expired", "Failed"];

    private static readonly HashSet<(string From, string To)> ProcessorMoves =
    [
        ("Created", "Pending"), ("Created", "Failed"), ("Pending", "Paid"), ("Pending", "Failed"),
    ];

    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> AllPairs() => TheoryPairs.Of(Statuses);

    [Theory]
    [MemberData(nameof(AllPairs))]
    public async Task MoveOrder_FromTo_AllowedAnswers200OthersAnswer409AndChangeNothing(string from, string to)
    {
        var uuid = await ReachAsync(from);
        var (_, before) = await _merchant.GetOrderAsync(uuid);
        Assert.Equal(from, StatusOf(before));
        var events = _server.CountRows("events");

        using var response = await _server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", JsonSerializer.Serialize(new { status = to }));

        var text = await response.Content.ReadAsStringAsync();
        var (_, after) = await _merchant.GetOrderAsync(uuid);
        if (ProcessorMoves.Contains((from, to)))
        {
            Assert.True((int)response.StatusCode == 200, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal(to, JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("status").GetString());
            Assert.Equal(after, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(to, StatusOf(after));
            Assert.Equal(events + 1, _server.CountRows("events"));
        }
        else
        {
            Assert.True((int)response.StatusCode == 409, $"{from} -> {to} answered {(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("invalid_transition", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
            Assert.Equal(before, after);
            Assert.Equal(events, _server.CountRows("events"));
        }
    }

    [Fact]
    public async Task MoveOrder_UnknownUuid_Answers404()
    {
        var events = _server.CountRows("events");

        using var response = await _server.ProcessorAsync($"processor/v1/acquiring/order/{Guid.NewGuid()}/status", """{"status":"Pending"}""");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 404, $"Answered {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("not_found", JsonDocument.Parse(text).RootElement.GetProperty("code").GetString());
        Assert.Equal(events, _server.CountRows("events"));
    }

    /// A new order brought to status by allowed moves only (Expired by the server's own timer).
    private async Task<string> ReachAsync(string status)
    {
        var expiresIn = status == "Expired" ? 60 : 1800;
        var uuid = (await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", expires_in = expiresIn }))
            .GetProperty("uuid").GetString()!;
        switch (status)
        {
            case "Created":
                break;
            case "Pending":
                await _server.MoveOrderAsync(uuid, "Pending");
                break;
            case "Paid":
                await _server.MoveOrderAsync(uuid, "Pending");
                await _server.MoveOrderAsync(uuid, "Paid");
                break;
            case "Failed":
                await _server.MoveOrderAsync(uuid, "Failed");
                break;
            case "Expired":
                _server.Clock.Advance(TimeSpan.FromSeconds(61));
                await WaitForStatusAsync(uuid, "Expired");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, "Not an order status.");
        }
        return uuid;
    }

    /// Polls in real time for the timer loop's background change.
    private async Task WaitForStatusAsync(string uuid, string status)
    {
        var elapsed = Stopwatch.StartNew();
        while (true)
        {
            var (code, body) = await _merchant.GetOrderAsync(uuid);
            Assert.Equal(200, code);
            if (StatusOf(body) == status) return;
            Assert.True(elapsed.Elapsed < TimeSpan.FromSeconds(10), $"Order {uuid} did not become {status} within 10 s; it is {StatusOf(body)}.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    private static string? StatusOf(byte[] envelope) =>
        JsonDocument.Parse(envelope).RootElement.GetProperty("data").GetProperty("status").GetString();
}

public sealed class TransitionTestsOnSqlite() : TransitionTests(Backend.Sqlite);

public sealed class TransitionTestsOnPostgres() : TransitionTests(Backend.Postgres);
