using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.MultiNode;

/// PostgreSQL goes away under a running server: requests answer 503 meanwhile, and when it is back the
/// server recovers by itself (writer, readers and change notifications) and loses nothing committed.
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private string _cluster = "";
    private FakeReceiver _receiver = null!;
    private ServerProcess _server = null!;
    private ProcessClient _merchant = null!;

    public async Task InitializeAsync()
    {
        var (connectionString, dir) = TestPostgres.StartOwnCluster();
        _cluster = dir;
        _receiver = await FakeReceiver.StartAsync();
        _server = new ServerProcess($"{connectionString};Search Path=paystate", new Dictionary<string, string> { ["PAYSTATE_RETRY_SCHEDULE"] = "1,1,1,1,1,1,1,1,1,1" });
        await _server.StartAsync();
        _merchant = await new ProcessClient(_http).CreateMerchantAsync(_server.BaseUri);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        _http.Dispose();
        TestPostgres.StopOwnCluster(_cluster);
    }

    [Fact]
    public async Task DatabaseRestart_RequestsAnswer503ThenTheServerRecoversAndLosesNothing()
    {
        var before = await CreateOrderAsync();
        _receiver.AnswerWith(503);
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{before}/status", """{"status":"Pending"}""");
        await UntilAsync(() => Task.FromResult(_receiver.All.Count >= 1));

        TestPostgres.Pause(_cluster);
        using (var down = await _http.SendAsync(_merchant.Signed(_server.BaseUri, HttpMethod.Get, $"/api/public/v1/acquiring/order/{before}", null)))
        {
            Assert.Equal(503, (int)down.StatusCode);
            Assert.Contains("database_unavailable", await down.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var move = await _http.SendAsync(ProcessClient.Bearer(HttpMethod.Post, new Uri(_server.BaseUri, $"processor/v1/acquiring/order/{before}/status"), """{"status":"Paid"}""", TestServer.ProcessorToken)))
        {
            Assert.Equal(503, (int)move.StatusCode);
        }
        using (var ready = await _http.GetAsync(new Uri(_server.BaseUri, "readyz")))
        {
            Assert.Equal(503, (int)ready.StatusCode);
            var failing = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("failing");
            Assert.Contains("database", failing.EnumerateArray().Select(e => e.GetString()));
        }

        TestPostgres.Resume(_cluster);
        _receiver.AnswerWith(204);
        await UntilAsync(async () =>
        {
            using var ready = await _http.GetAsync(new Uri(_server.BaseUri, "readyz"));
            return ready.IsSuccessStatusCode;
        });
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{before}/status", """{"status":"Paid"}""");
        var after = await CreateOrderAsync();
        await _merchant.ProcessorAsync(_server.BaseUri, $"processor/v1/acquiring/order/{after}/status", """{"status":"Pending"}""");

        var events = (await _merchant.AllEventsAsync(_server.BaseUri)).Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.Equal(3, events.Count);
        await UntilAsync(() => Task.FromResult(events.IsSubsetOf(_receiver.All.Select(r => r.Header("webhook-id")))));
    }

    private async Task<string> CreateOrderAsync()
    {
        var body = JsonSerializer.Serialize(new { amount = 10, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") });
        return (await _merchant.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/public/v1/acquiring/order", body, 201)).GetProperty("data").GetProperty("uuid").GetString()!;
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("Condition not met within 30 s.");
            await Task.Delay(200);
        }
    }
}
