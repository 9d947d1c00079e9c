using System.Net.Sockets;
using System.Text;
using Microsoft.Data.Sqlite;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// Long-polls at scale, against the real server as its own process: ten thousand held waits, and what
/// happens when connections go past the process's open-file limit.
public sealed class HeldWaitsTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"paystate-waits-{Guid.NewGuid():N}.db");
    private readonly SocketsHttpHandler _handler = new() { MaxConnectionsPerServer = int.MaxValue, ConnectTimeout = TimeSpan.FromSeconds(30) };
    private HttpClient _http = null!;
    private ServerProcess? _server;
    private ProcessClient? _client;

    public Task InitializeAsync()
    {
        _http = new HttpClient(_handler) { Timeout = TimeSpan.FromSeconds(120) };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
        _http.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_database + suffix);
    }

    [Fact]
    public async Task TenThousandHeldWaits_AreAllHeldThenAllWokenByTheirChanges()
    {
        _server = new ServerProcess(_database);
        await _server.StartAsync();
        var checkouts = await CreateCheckoutsAsync(100);

        var waits = new List<Task<string>>();
        foreach (var batch in Enumerable.Range(0, 10_000).Chunk(500))
        {
            waits.AddRange(batch.Select(i => WaitAsync(checkouts[i % checkouts.Count])));
            await Task.Delay(50);
        }
        await Task.Delay(2000);
        Assert.DoesNotContain(waits, w => w.IsCompleted);

        await Task.WhenAll(checkouts.Select(c => SetActionAsync(c, """{"action":"show_error"}""")));

        var answers = await Task.WhenAll(waits);
        Assert.All(answers, a => Assert.Equal("""{"action":"show_error"}""", a));
    }

    [Fact]
    public async Task PastTheOpenFileLimit_NewConnectionsAreRefused_HeldWaitsAreServed_ServerLives()
    {
        // 700 descriptors: the server caps client connections at 700 - 256 (webhook sends) - 128 = 316.
        _server = new ServerProcess(_database, openFileLimit: 700);
        await _server.StartAsync();
        var checkout = (await CreateCheckoutsAsync(1))[0];
        var waits = Enumerable.Range(0, 280).Select(_ => WaitAsync(checkout)).ToList();
        await Task.Delay(1500);
        Assert.DoesNotContain(waits, w => w.IsCompleted);

        var extra = await FloodAsync(600);
        Assert.False(_server.HasExited, "The server died when connections went past its open-file limit.");
        Assert.True(extra.Refused > 0, "Connections past the cap should have been refused.");
        foreach (var socket in extra.Sockets) socket.Dispose();

        await SetActionAsync(checkout, """{"action":"reject"}""");
        var answers = await Task.WhenAll(waits);
        Assert.All(answers, a => Assert.Equal("""{"action":"reject"}""", a));
        using var health = await _http.GetAsync(new Uri(_server.BaseUri, "healthz"));
        Assert.Equal(200, (int)health.StatusCode);
    }

    /// Opens raw connections and asks each for /healthz; counts those the server closed without an answer.
    private async Task<(int Refused, List<Socket> Sockets)> FloodAsync(int count)
    {
        var sockets = new List<Socket>();
        var refused = 0;
        var request = Encoding.ASCII.GetBytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        for (var i = 0; i < count; i++)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            sockets.Add(socket);
            try
            {
                await socket.ConnectAsync("127.0.0.1", _server!.Port);
                await socket.SendAsync(request);
            }
            catch (SocketException)
            {
                refused++;
            }
        }
        var buffer = new byte[512];
        foreach (var socket in sockets.Where(s => s.Connected))
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                if (await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token) == 0) refused++;
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException)
            {
                refused++;
            }
        }
        return (refused, sockets);
    }

    private async Task<string> WaitAsync(string uuid)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server!.BaseUri, $"api/v1/checkout/{uuid}/wait?timeout=60"));
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"1\"");
        using var response = await _http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<List<string>> CreateCheckoutsAsync(int count)
    {
        _client = await new ProcessClient(_http).CreateMerchantAsync(_server!.BaseUri, "Waits");
        var uuids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            const string body = """{"amount":100,"currency":"EUR","notify_url":"http://127.0.0.1:9/ipn","return_url":"https://shop.example/back"}""";
            uuids.Add((await _client.MerchantAsync(_server.BaseUri, HttpMethod.Post, "/api/v1/checkouts", body, 201)).GetProperty("uuid").GetString()!);
        }
        return uuids;
    }

    private Task SetActionAsync(string uuid, string body) => _client!.ProcessorAsync(_server!.BaseUri, $"processor/v1/checkout/{uuid}/action", body);
}
