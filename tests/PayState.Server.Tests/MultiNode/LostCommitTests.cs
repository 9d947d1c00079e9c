using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.MultiNode;

/// The connection to PostgreSQL drops right after the server committed a change, before its answer to COMMIT
/// arrives (a proxy in between loses it on purpose). The server finds out on a new connection and answers what
/// happened; when it cannot (the database not reachable in time), it says so with its own code, and the processor's
/// retry is told the move is made. Either way the change's webhook goes out at once, not when its lease runs out.
public sealed class LostCommitTests : IAsyncLifetime
{
    private CommitCuttingProxy _proxy = null!;
    private FakeReceiver _receiver = null!;
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _proxy = new CommitCuttingProxy(TestPostgres.ConnectionString("unused"));
        _receiver = await FakeReceiver.StartAsync();
        // One second to find out: long enough on a quiet loopback, and the test of "not found out" waits no longer.
        _server = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["PAYSTATE_COMMIT_CHECK_SECONDS"] = "1" }, backend: Backend.Postgres, reachDatabaseBy: _proxy.Through);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    [Fact]
    public async Task MoveOrder_CommitAnswerLost_FindsItCommittedAnswers200AndSendsTheWebhook()
    {
        var uuid = await OrderAsync();
        _proxy.CutNextCommit();

        var (status, body) = await MoveAsync(uuid);

        Assert.True(_proxy.Cut.IsCompleted, "The proxy never saw the COMMIT whose answer it was to lose.");
        Assert.True(status == 200, $"Answered {status}: {body}");
        Assert.Equal("Pending", StatusOf(body));
        Assert.Equal(1, _server.CountRows("events"));
        var webhook = await _receiver.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Pending", StatusOf(webhook.BodyText));
    }

    [Fact]
    public async Task MoveOrder_CommitAnswerLostAndDatabaseOutOfReach_Answers503CommitOutcomeUnknown_TheRetryIsToldItIsMade()
    {
        var uuid = await OrderAsync();
        _proxy.CutNextCommit(refuse: true);

        var (status, body) = await MoveAsync(uuid);
        _proxy.Heal();
        var (retried, retriedBody) = await MoveAsync(uuid);

        Assert.True(status == 503, $"Answered {status}: {body}");
        Assert.Equal("commit_outcome_unknown", JsonDocument.Parse(body).RootElement.GetProperty("code").GetString());
        // It had committed: the retry finds the order where the move leads, and nothing is written twice.
        Assert.True(retried == 200, $"The retry answered {retried}: {retriedBody}");
        Assert.Equal("Pending", StatusOf(retriedBody));
        Assert.Equal(1, _server.CountRows("events"));
        // Inserted leased to this process, never handed over: the lease is given up once the database is back, and
        // the claim loop sends it (the server's clock is fake and stands still, so no lease runs out meanwhile).
        var webhook = await _receiver.NextAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("Pending", StatusOf(webhook.BodyText));
    }

    private async Task<string> OrderAsync() =>
        (await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") }))
        .GetProperty("uuid").GetString()!;

    private async Task<(int Status, string Body)> MoveAsync(string uuid)
    {
        using var response = await _server.ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", """{"status":"Pending"}""");
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string? StatusOf(string envelope) =>
        JsonDocument.Parse(envelope).RootElement.GetProperty("data").GetProperty("status").GetString();
}
