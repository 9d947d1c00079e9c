using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PayState.Server.Delivery;
using PayState.Server.Tests.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// An attempt that fails before anything is answered (the send throws, or the connect never completes) is a
/// failed attempt like any other: recorded with its error, retried on the schedule, dead after the last; never a
/// delivery left pending with no attempt, tried again each time its lease runs out.
public abstract class UnsentAttemptTests(Backend backend) : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["PAYSTATE_RETRY_SCHEDULE"] = "1,1" },
            services: s =>
            {
                s.AddSingleton<ILoggerProvider>(_logs);
                s.AddHttpClient(WebhookSender.ClientName).AddHttpMessageHandler(() => new ThrowingForPath("/throws"));
            },
            backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SendThatThrows_IsRecordedAsAFailedAttemptWithItsError_AndFollowsTheScheduleToDead()
    {
        var delivery = await ChangeOrderAsync("http://127.0.0.1:9/throws");

        var first = await _merchant.WaitForDeliveryAttemptsAsync(delivery, 1);
        Assert.Equal("failed", first.GetProperty("status").GetString());
        Assert.Contains("ConnectTimeout", first.GetProperty("attempt_log")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        _server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        await _merchant.WaitForDeliveryAttemptsAsync(delivery, 2);
        _server.Clock.Advance(TimeSpan.FromSeconds(1.2));
        var dead = await _merchant.WaitForDeliveryAttemptsAsync(delivery, 3);

        Assert.Equal("dead", dead.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, dead.GetProperty("next_attempt_at").ValueKind);
        // Dead is the end: no attempt, and no log line, as leases would have run out again and again.
        _server.Clock.Advance(TimeSpan.FromMinutes(10));
        await _server.WaitForSettledAsync();
        Assert.Equal(3, (await _merchant.GetDeliveryAsync(delivery)).GetProperty("attempts").GetInt32());
        // The sender's line with the error's stack, once an attempt; the attempt's own sentence, at Warning for the last only.
        Assert.Equal(3, _logs.Entries.Count(l => l.Property("DeliveryId") == delivery && l.Category == typeof(WebhookSender).FullName));
        Assert.Equal(1, _logs.Entries.Count(l => l.Property("DeliveryId") == delivery && l.Category == typeof(DeliveryDispatcher).FullName && l.Level >= LogLevel.Warning));
    }

    [Fact]
    public async Task ConnectThatNeverCompletes_IsATimeoutOnTheServersClock_AndFollowsTheScheduleToDead()
    {
        // A listener whose accept queue is full: the kernel drops further connection attempts, which never complete.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await filler.ConnectAsync(IPAddress.Loopback, port);

        var delivery = await ChangeOrderAsync($"http://127.0.0.1:{port}/never");

        // The connect holds until the attempt timeout passes on the server's own clock, and not a moment before.
        var timeout = _server.Services.GetRequiredService<DeliveryOptions>().AttemptTimeout;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            if (attempt > 1) _server.Clock.Advance(TimeSpan.FromSeconds(1.2));
            await _server.WaitForSettledAsync(sending: 1);
            _server.Clock.Advance(timeout - TimeSpan.FromMilliseconds(1));
            await _server.WaitForSettledAsync(sending: 1);
            Assert.Equal(attempt - 1, (await _merchant.GetDeliveryAsync(delivery)).GetProperty("attempts").GetInt32());
            _server.Clock.Advance(TimeSpan.FromMilliseconds(1));
            await _server.WaitForSettledAsync();
        }
        var dead = await _merchant.GetDeliveryAsync(delivery);
        Assert.Equal(3, dead.GetProperty("attempts").GetInt32());
        Assert.Equal("dead", dead.GetProperty("status").GetString());
        // Each ended at the attempt timeout on the server's clock: one that fired a moment early would say so here.
        Assert.All(dead.GetProperty("attempt_log").EnumerateArray(), a =>
        {
            Assert.StartsWith("timeout", a.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(timeout.TotalMilliseconds, a.GetProperty("duration_ms").GetInt32());
        });
    }

    /// Creates an order with a webhook to url, moves it to Pending, and returns the delivery's id.
    private async Task<string> ChangeOrderAsync(string url)
    {
        var order = await _merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = url });
        var uuid = order.GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        var list = (await _merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data");
        return list.EnumerateArray().First(d => d.GetProperty("object_id").GetString() == uuid).GetProperty("id").GetString()!;
    }

    /// Throws for one path what SocketsHttpHandler throws when its own connect timeout runs out: an exception the
    /// sender does not expect, raised before anything was sent.
    private sealed class ThrowingForPath(string path) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath == path
                ? throw new TaskCanceledException("A connection could not be established within the configured ConnectTimeout.", new TimeoutException())
                : base.SendAsync(request, cancellationToken);
    }
}

public sealed class UnsentAttemptTestsOnSqlite() : UnsentAttemptTests(Backend.Sqlite);

public sealed class UnsentAttemptTestsOnPostgres() : UnsentAttemptTests(Backend.Postgres);
