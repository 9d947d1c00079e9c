using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PayState.Server.Events;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Events;

public abstract partial class EventsApiTests(Backend backend) : MerchantTestBase(backend)
{
    private static readonly string[] EventFields = ["id", "type", "object_kind", "object_id", "sequence", "created_at", "payload"];

    [Fact]
    public async Task ListEvents_NewMerchant_AnswersEmptyDataAndNullCursor()
    {
        var page = await Merchant.GetJsonAsync("/api/v1/events");

        Assert.Equal(["data", "next_cursor"], page.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
    }

    [Fact]
    public async Task ListEvents_PagedByTwo_ReturnsEveryEventOnceInCommitOrderWithPayloadOfThatVersion()
    {
        var a = await CreateOrderAsync();
        var b = await CreateOrderAsync();
        var c = await CreateOrderAsync();
        var expected = new List<Expected>();
        foreach (var (uuid, status, sequence) in new[] { (a, "Pending", 2), (b, "Pending", 2), (a, "Paid", 3), (c, "Failed", 2), (b, "Failed", 3) })
        {
            Server.Clock.Advance(TimeSpan.FromSeconds(1.25));
            await Server.MoveOrderAsync(uuid, status);
            var (code, body) = await Merchant.GetOrderAsync(uuid);
            Assert.Equal(200, code);
            expected.Add(new Expected(uuid, status, sequence, Server.Clock.GetUtcNow(), Encoding.UTF8.GetString(body)));
        }

        var pages = await PageAllAsync(limit: 2);

        Assert.Equal([2, 2, 1, 0], pages.Select(p => p.Data.Count));
        var events = pages.SelectMany(p => p.Data).ToList();
        Assert.Equal(events.Count, events.Select(e => e.GetProperty("id").GetString()).Distinct().Count());
        Assert.Equal(expected.Count, events.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = events[i];
            var want = expected[i];
            Assert.Equal(EventFields, e.EnumerateObject().Select(p => p.Name));
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("id").GetString()));
            Assert.Equal($"acquiring_order.{want.Status.ToLowerInvariant()}", e.GetProperty("type").GetString());
            Assert.Equal("acquiring_order", e.GetProperty("object_kind").GetString());
            Assert.Equal(want.Uuid, e.GetProperty("object_id").GetString());
            Assert.Equal(want.Sequence, e.GetProperty("sequence").GetInt32());
            var createdAt = e.GetProperty("created_at").GetString()!;
            Assert.Matches(WireTimePattern(), createdAt);
            Assert.Equal(want.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture), createdAt);
            Assert.Equal(want.Payload, e.GetProperty("payload").GetRawText());
        }
        Assert.All(pages.Take(pages.Count - 1), p => Assert.NotNull(p.NextCursor));
    }

    [Fact]
    public async Task ListEvents_EmptyPageAfterEnd_StillAnswersCursorThatSeesLaterChange()
    {
        var first = await CreateOrderAsync();
        await Server.MoveOrderAsync(first, "Pending");
        var page = await Merchant.GetJsonAsync("/api/v1/events?limit=10");
        var cursor = page.GetProperty("next_cursor").GetString()!;
        Assert.Single(page.GetProperty("data").EnumerateArray());

        var empty = await Merchant.GetJsonAsync($"/api/v1/events?after={cursor}&limit=10");
        Assert.Equal(0, empty.GetProperty("data").GetArrayLength());
        var emptyCursor = empty.GetProperty("next_cursor").GetString();
        Assert.False(string.IsNullOrEmpty(emptyCursor));

        var second = await CreateOrderAsync();
        await Server.MoveOrderAsync(second, "Failed");
        await Server.MoveOrderAsync(first, "Paid");
        var later = await Merchant.GetJsonAsync($"/api/v1/events?after={emptyCursor}&limit=10");

        Assert.Equal(
            [(second, "acquiring_order.failed"), (first, "acquiring_order.paid")],
            later.GetProperty("data").EnumerateArray().Select(e => (e.GetProperty("object_id").GetString()!, e.GetProperty("type").GetString()!)));
        var end = await Merchant.GetJsonAsync($"/api/v1/events?after={later.GetProperty("next_cursor").GetString()}");
        Assert.Equal(0, end.GetProperty("data").GetArrayLength());
        Assert.False(string.IsNullOrEmpty(end.GetProperty("next_cursor").GetString()));
    }

    [Fact]
    public async Task ListEvents_DefaultLimit_AnswersUpTo100AndLimit500IsAllowed()
    {
        var uuid = await CreateOrderAsync();
        await Server.MoveOrderAsync(uuid, "Pending");

        var defaults = await Merchant.GetJsonAsync("/api/v1/events");
        var max = await Merchant.GetJsonAsync("/api/v1/events?limit=500");

        Assert.Single(defaults.GetProperty("data").EnumerateArray());
        Assert.Single(max.GetProperty("data").EnumerateArray());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("x")]
    [InlineData("-1")]
    [InlineData("2.5")]
    public async Task ListEvents_BadLimit_Answers400NamingLimit(string limit)
    {
        using var response = await Merchant.GetAsync($"/api/v1/events?limit={limit}");

        await ProblemAssert.InvalidRequestAsync(response, "limit");
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("AAAA")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    public async Task ListEvents_GarbageCursor_Answers400NamingAfter(string cursor)
    {
        using var response = await Merchant.GetAsync($"/api/v1/events?after={cursor}");

        await ProblemAssert.InvalidRequestAsync(response, "after");
    }

    [Fact]
    public async Task ListEvents_CursorOfAnotherList_Answers400NamingAfter()
    {
        // Well-formed, but a webhook-deliveries cursor: the events API must not take it for one of its own.
        using var response = await Merchant.GetAsync($"/api/v1/events?after={Cursor.Encode('d', 1)}");

        await ProblemAssert.InvalidRequestAsync(response, "after");
    }

    [Fact]
    public async Task ListEvents_TwoMerchants_EachSeesOnlyItsOwnEvents()
    {
        var other = await Server.CreateMerchantAsync("Other shop");
        var mine = await CreateOrderAsync();
        var theirs = (await other.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        await Server.MoveOrderAsync(mine, "Pending");
        await Server.MoveOrderAsync(theirs, "Pending");
        await Server.MoveOrderAsync(theirs, "Paid");
        await Server.MoveOrderAsync(mine, "Failed");

        var myEvents = (await PageAllAsync(limit: 1)).SelectMany(p => p.Data).ToList();
        var theirEvents = (await PageAllAsync(limit: 1, other)).SelectMany(p => p.Data).ToList();

        Assert.Equal([mine, mine], myEvents.Select(e => e.GetProperty("object_id").GetString()!));
        Assert.Equal([theirs, theirs], theirEvents.Select(e => e.GetProperty("object_id").GetString()!));
        Assert.Empty(myEvents.Select(e => e.GetProperty("id").GetString()).Intersect(theirEvents.Select(e => e.GetProperty("id").GetString())));
    }

    [Fact]
    public async Task ListEvents_CursorFromAnotherMerchant_StillListsOnlyOwnEvents()
    {
        var other = await Server.CreateMerchantAsync("Other shop");
        var theirs = (await other.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        var mine = await CreateOrderAsync();
        await Server.MoveOrderAsync(mine, "Pending");
        await Server.MoveOrderAsync(theirs, "Pending");
        await Server.MoveOrderAsync(mine, "Paid");
        await Server.MoveOrderAsync(theirs, "Paid");
        var theirCursor = (await other.GetJsonAsync("/api/v1/events?limit=1")).GetProperty("next_cursor").GetString();

        var page = await Merchant.GetJsonAsync($"/api/v1/events?after={theirCursor}");

        Assert.All(page.GetProperty("data").EnumerateArray(), e => Assert.Equal(mine, e.GetProperty("object_id").GetString()));
    }

    [Fact]
    public async Task CreateOrder_WithAndWithoutWebhook_AddsNoEvent()
    {
        var eventsBefore = Server.CountRows("events");
        var deliveriesBefore = Server.CountRows("deliveries");

        await CreateOrderAsync();
        await Merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = "https://example.com/hook" });

        var page = await Merchant.GetJsonAsync("/api/v1/events");
        Assert.Equal(0, page.GetProperty("data").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, page.GetProperty("next_cursor").ValueKind);
        Assert.Equal(eventsBefore, Server.CountRows("events"));
        Assert.Equal(deliveriesBefore, Server.CountRows("deliveries"));
    }

    [Fact]
    public async Task ListEvents_RefusedMove_AddsNoEvent()
    {
        var uuid = await CreateOrderAsync();
        await Server.MoveOrderAsync(uuid, "Pending");
        using var refused = await Server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", """{"status":"Created"}""");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var events = (await Merchant.GetJsonAsync("/api/v1/events")).GetProperty("data");
        Assert.Equal("acquiring_order.pending", Assert.Single(events.EnumerateArray()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task ListEvents_WithoutSignature_Answers401()
    {
        using var response = await Server.Http.GetAsync(new Uri(Server.BaseUri, "api/v1/events"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string> CreateOrderAsync() => (await Merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;

    private async Task<List<Page>> PageAllAsync(int limit, MerchantClient? client = null)
    {
        client ??= Merchant;
        var pages = new List<Page>();
        string? cursor = null;
        while (true)
        {
            Assert.True(pages.Count < 50, "Paging did not end after 50 pages.");
            var page = await client.GetJsonAsync(cursor is null ? $"/api/v1/events?limit={limit}" : $"/api/v1/events?limit={limit}&after={cursor}");
            var data = page.GetProperty("data").EnumerateArray().ToList();
            Assert.True(data.Count <= limit, $"A page of limit {limit} answered {data.Count} events.");
            var next = page.GetProperty("next_cursor").GetString();
            pages.Add(new Page(data, next));
            if (data.Count == 0) return pages;
            Assert.False(string.IsNullOrEmpty(next), "A page with events must answer a cursor.");
            cursor = next;
        }
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")]
    private static partial Regex WireTimePattern();

    private sealed record Expected(string Uuid, string Status, int Sequence, DateTimeOffset At, string Payload);

    private sealed record Page(List<JsonElement> Data, string? NextCursor);
}

public sealed class EventsApiTestsOnSqlite() : EventsApiTests(Backend.Sqlite);

public sealed class EventsApiTestsOnPostgres() : EventsApiTests(Backend.Postgres);
