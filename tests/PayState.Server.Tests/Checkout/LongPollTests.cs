using System.Text.Json;
using PayState.Server.Events;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// GET /api/v1/checkout/{uuid}/wait?timeout=N: held until the action changes or N seconds pass on the
/// server's clock; released when the client leaves or the server stops.
public abstract class LongPollTests(Backend backend) : IAsyncLifetime
{
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private int Held => _server.Services.GetRequiredService<ObjectChangeFeed>().Held;

    [Fact]
    public async Task Wait_NothingChanges_AnswersTheUnchangedActionWhenTheTimeoutRunsOut()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        var wait = WaitAsync(uuid, "?timeout=25");
        // A wait a second shorter: its answer marks the server having acted on the clock's 24 s, when ours must still be held.
        var shorter = WaitAsync(uuid, "?timeout=24");
        await UntilAsync(() => Held == 2);

        _server.Clock.Advance(TimeSpan.FromSeconds(24));
        await shorter;
        Assert.Equal(1, Held);
        Assert.False(wait.IsCompleted);
        _server.Clock.Advance(TimeSpan.FromSeconds(1));

        var (body, etag) = await wait;
        Assert.Equal("""{"action":"show_identification_form"}""", body);
        Assert.Equal("\"1\"", etag);
        await UntilAsync(() => Held == 0);
    }

    [Fact]
    public async Task Wait_ActionChangesWhileHeld_AnswersTheNewActionAtOnce()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        // With the ETag it saw, a waiter's baseline does not depend on when the server first reads the checkout.
        var wait = WaitAsync(uuid, "?timeout=60", ifNoneMatch: "\"1\"");
        await UntilAsync(() => Held == 1);

        await _server.SetCheckoutActionAsync(uuid, """{"action":"require_validate_otp"}""");

        var (body, etag) = await wait;
        Assert.Equal("""{"action":"require_validate_otp"}""", body);
        Assert.Equal("\"2\"", etag);
    }

    [Fact]
    public async Task Wait_IfNoneMatchOfAnOlderVersion_AnswersAtOnce_AndOfTheCurrentOneHolds()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        await _server.SetCheckoutActionAsync(uuid, """{"action":"show_error"}""");

        var (stale, _) = await WaitAsync(uuid, "?timeout=60", ifNoneMatch: "\"1\"");
        var current = WaitAsync(uuid, "?timeout=60", ifNoneMatch: "\"2\"");
        await UntilAsync(() => Held == 1);
        await _server.SetCheckoutActionAsync(uuid, """{"action":"reject"}""");

        Assert.Equal("""{"action":"show_error"}""", stale);
        Assert.Equal("""{"action":"reject"}""", (await current).Body);
    }

    [Fact]
    public async Task Wait_ManyWaitersOnOneCheckout_AllWakeOnOneChange()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1000 };
        using var http = new HttpClient(handler);
        var waits = Enumerable.Range(0, 300).Select(_ => WaitAsync(uuid, "?timeout=60", ifNoneMatch: "\"1\"", client: http)).ToList();
        await UntilAsync(() => Held == 300);

        await _server.SetCheckoutActionAsync(uuid, """{"action":"wait_for_screening","expires_in":30}""");

        var answers = await Task.WhenAll(waits);
        Assert.All(answers, a => Assert.Equal("""{"action":"wait_for_screening","expires_in":30}""", a.Body));
        await UntilAsync(() => Held == 0);
    }

    [Fact]
    public async Task Wait_ClientGoesAway_ReleasesTheHeldRequest()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        using var leave = new CancellationTokenSource();
        var wait = _server.Http.GetAsync(new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait?timeout=60"), leave.Token);
        await UntilAsync(() => Held == 1);

        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
        await UntilAsync(() => Held == 0);
    }

    [Fact]
    public async Task Wait_ServerShutsDown_HeldRequestsAreAnsweredWithTheCurrentAction()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        var wait = WaitAsync(uuid, "?timeout=60");
        await UntilAsync(() => Held == 1);

        await _server.StopAsync();

        Assert.Equal("""{"action":"show_identification_form"}""", (await wait).Body);
    }

    [Theory]
    [InlineData("?timeout=61")]
    [InlineData("?timeout=-1")]
    [InlineData("?timeout=soon")]
    [InlineData("?timeout=1&timeout=2")] // repeated: the values join, as the query collection joins them
    [InlineData("?other=1&TimeOut=%36%31")] // the name in any case, the value percent-decoded: 61
    public async Task Wait_TimeoutOutOfRange_Answers400NamingIt(string query)
    {
        var uuid = await _merchant.CreateCheckoutAsync();

        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait{query}"));

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("timeout", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("field").GetString());
    }

    [Fact]
    public async Task Wait_UnknownCheckout_Answers404EvenWhenLongPolling()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, $"api/v1/checkout/{Guid.NewGuid()}/wait?timeout=30"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(0, Held);
    }


    private async Task<(string Body, string? ETag)> WaitAsync(string uuid, string query, string? ifNoneMatch = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait{query}"));
        if (ifNoneMatch is not null) request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        using var response = await (client ?? _server.Http).SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return (await response.Content.ReadAsStringAsync(), response.Headers.ETag?.ToString());
    }

    private static Task UntilAsync(Func<bool> condition) => Eventually.HoldsAsync(condition, "the held count");
}

public sealed class LongPollTestsOnSqlite() : LongPollTests(Backend.Sqlite);

public sealed class LongPollTestsOnPostgres() : LongPollTests(Backend.Postgres);
