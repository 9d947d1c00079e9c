using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using PayState.Server.Http;
using PayState.Server.Tests.Support;
using Xunit.Abstractions;

namespace PayState.Server.Tests.Delivery;

/// One merchant's targets that never answer cost that merchant's share of the send slots, never another's: the
/// other merchant's webhooks arrive while the first one's sends still hang. The fake clock never reaches the attempt
/// timeout, so no hanging send ever ends here; whatever another merchant receives went past them. Without the share
/// the first merchant's sends take every slot and the other's first webhook never arrives.
public abstract class FairDeliveryTests(Backend backend, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Share = 64;
    private readonly FakeHostResolver _dns = new();
    private readonly List<SilentListener> _silent = [];
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 50; i++) _silent.Add(SilentListener.Start());
        // Production mode, so names resolve through the fake DNS: A's ten hosts and B's host are all this machine,
        // opened by the operator's allow list; PayState tells them apart by name.
        _server = await TestServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["PAYSTATE_SANDBOX"] = "false",
                ["PAYSTATE_WEBHOOK_ALLOW"] = "127.0.0.0/8",
                ["PAYSTATE_DELIVERY_CONCURRENCY"] = "256",
                ["PAYSTATE_DELIVERY_PER_HOST"] = "32",
                ["PAYSTATE_DELIVERY_PER_MERCHANT"] = Share.ToString(CultureInfo.InvariantCulture),
            },
            services: s => s.AddSingleton<IHostResolver>(_dns),
            backend: backend);
        // The receiver notes arrivals on the server's clock, so each is measured against its commit on that clock.
        _receiver = await FakeReceiver.StartAsync(_server.Clock);
        for (var i = 0; i < 10; i++) _dns.Set($"a{i}.example", [IPAddress.Loopback]);
        _dns.Set("b.example", [IPAddress.Loopback]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
        foreach (var listener in _silent) listener.Dispose();
    }

    [Fact]
    public async Task MerchantWithFiftyTargetsThatNeverAnswer_AnotherMerchantsWebhooksEachArriveWhileThoseHang()
    {
        var a = await _server.CreateMerchantAsync("A");
        var b = await _server.CreateMerchantAsync("B");
        // Production mode takes orders only on a network whose terminal holds a wallet key.
        await a.SetWalletKeyAsync();
        await b.SetWalletKeyAsync();
        // Fifty targets: ten host names, five ports each. Counted by scheme, host and port they were fifty hosts of
        // 32 slots each; by name, ten of 32 are still more than every slot there is, unless A has a share.
        var targets = Enumerable.Range(0, 50).Select(i => $"http://a{i % 10}.example:{_silent[i].Port}/hook").ToList();

        // A's thousand changes are its orders expiring, as in the attack: no processor needed.
        await Parallel.ForEachAsync(Enumerable.Range(0, 1000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await a.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = targets[i % targets.Count], expires_in = 60 }));
        _server.Clock.Advance(TimeSpan.FromSeconds(60));
        await WaitUntilAsync(() => _silent.Sum(l => l.Accepted) >= Share, "A's sends to fill its share");

        // Each of B's changes reaches B's receiver within 1 s of its commit on the server's clock, before the next is
        // made; that clock stands still, so A's sends never time out to make room. Real time only bounds the wait
        // (NextAsync) and the slowest is printed, not asserted: speed is the bench's to measure.
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 100; i++)
        {
            var committedAt = _server.Clock.GetUtcNow();
            var uuid = await ChangeOrderAsync(b, $"http://b.example:{_receiver.BaseUri.Port}/hook");
            var committed = Stopwatch.GetTimestamp();
            var webhook = await _receiver.NextAsync();
            slowest = TimeSpan.FromTicks(Math.Max(slowest.Ticks, Stopwatch.GetElapsedTime(committed).Ticks));
            Assert.Contains(uuid, webhook.BodyText, StringComparison.Ordinal);
            Assert.InRange(webhook.ReceivedAt - committedAt, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        }
        output.WriteLine($"B's slowest webhook after its change was answered: {slowest.TotalMilliseconds:0} ms of real time");

        // A's sends still hang (the clock has not moved since they began): B went past them, and A held its share, no more.
        Assert.Equal(Share, _silent.Sum(l => l.Accepted));
        Assert.Equal(0, (await a.GetJsonAsync("/api/v1/webhook-deliveries?status=failed")).GetProperty("data").GetArrayLength());
        Assert.Equal(100, _receiver.All.Count);
    }

    /// Creates an order with a webhook to url, moves it to Pending (its one change), and returns its uuid.
    private async Task<string> ChangeOrderAsync(MerchantClient merchant, string url)
    {
        var order = await merchant.CreateOrderAsync(new { amount = 1, currency = "USDT", network = "ethereum", webhook_url = url });
        var uuid = order.GetProperty("uuid").GetString()!;
        await _server.MoveOrderAsync(uuid, "Pending");
        return uuid;
    }

    // A thousand orders expiring at once take a while on a loaded machine: more patience than the default.
    private static Task WaitUntilAsync(Func<bool> condition, string what) => Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(30));
}

public sealed class FairDeliveryTestsOnSqlite(ITestOutputHelper output) : FairDeliveryTests(Backend.Sqlite, output);

public sealed class FairDeliveryTestsOnPostgres(ITestOutputHelper output) : FairDeliveryTests(Backend.Postgres, output);
