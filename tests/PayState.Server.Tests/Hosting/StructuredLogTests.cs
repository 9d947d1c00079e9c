using System.Text.Json;
using Microsoft.Extensions.Logging;
using PayState.Server.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// Every log line about an object names it (ObjectId, and EventId and DeliveryId where there are ones), and no
/// secret reaches a log line, at the most verbose level, through a delivery that fails and then succeeds.
public abstract class StructuredLogTests(Backend backend) : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private readonly List<string> _requestSignatures = [];
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        var verbose = new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            [$"Logging:LogLevel:{RequestDiagnostics.Category}"] = "Trace",
            ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Trace",
        };
        _server = await TestServer.StartAsync(verbose, services: s => s.AddSingleton<ILoggerProvider>(_logs), backend: backend);
        _receiver = await FakeReceiver.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task FailingThenSucceedingDelivery_LinesNameObjectEventAndDelivery_NoSecretLogged()
    {
        _receiver.AnswerWith(500);
        var uuid = await CreateOrderAsync();
        await _server.MoveOrderAsync(uuid, "Pending");
        var first = await _receiver.NextAsync();
        var eventId = await _merchant.EventIdOfAsync(first);
        var deliveryId = (await UntilDeliveryAsync("failed")).GetProperty("id").GetString()!;
        _receiver.AnswerWith(204);
        _server.Clock.Advance(TimeSpan.FromSeconds(1.3));
        await _receiver.NextAsync();
        await UntilDeliveryAsync("succeeded");

        var logs = _logs.Entries;
        var attempts = logs.Where(l => l.Property("DeliveryId") == deliveryId && l.Text.Contains("attempt", StringComparison.Ordinal)).ToList();
        Assert.True(attempts.Count >= 2, $"Expected a line per attempt, found {attempts.Count}.");
        Assert.All(attempts, l => Assert.Equal((uuid, eventId), (l.Property("ObjectId"), l.Property("EventId"))));
        Assert.Contains(logs, l => l.Category.EndsWith("LifecycleEngine", StringComparison.Ordinal) && l.Property("ObjectId") == uuid && l.Property("EventId") == eventId);

        // PayState's own lines that mention the object, event or delivery carry it as a property.
        foreach (var line in logs.Where(l => l.Category.StartsWith("PayState.", StringComparison.Ordinal)))
        {
            if (line.Text.Contains(uuid, StringComparison.Ordinal) || line.Text.Contains(eventId, StringComparison.Ordinal))
                Assert.True(line.Property("ObjectId") == uuid, $"No ObjectId on: {line.Text}");
            if (line.Text.Contains(deliveryId, StringComparison.Ordinal))
                Assert.True(line.Property("DeliveryId") == deliveryId && line.Property("EventId") == eventId, $"No DeliveryId/EventId on: {line.Text}");
        }
        // The HTTP client's lines during a send are about that delivery: its scope names it.
        var sends = logs.Where(l => l.Category.StartsWith("System.Net.Http.HttpClient.webhooks", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sends);
        Assert.All(sends, l => Assert.True(l.Property("DeliveryId") == deliveryId && l.Property("ObjectId") == uuid, $"No delivery scope on: {l.Text}"));

        AssertNoSecretIn(logs);
    }

    private void AssertNoSecretIn(IReadOnlyList<CapturedLog> logs)
    {
        var secrets = new List<string> { _merchant.ApiSecret, _merchant.WebhookSecret, _merchant.WebhookSecret["whsec_".Length..], TestServer.AdminToken, TestServer.ProcessorToken };
        secrets.AddRange(_requestSignatures);
        // webhook-signature: "v1,<base64>" entries, space-separated.
        secrets.AddRange(_receiver.All.SelectMany(r => r.Header("webhook-signature")!.Split(' ')).Select(s => s[(s.IndexOf(',', StringComparison.Ordinal) + 1)..]));
        Assert.NotEmpty(logs);
        foreach (var secret in secrets.Distinct())
        {
            Assert.True(secret.Length >= 16, "A secret this short would match by chance.");
            var leak = logs.FirstOrDefault(l => l.Text.Contains(secret, StringComparison.Ordinal));
            Assert.True(leak is null, $"A secret was logged by {leak?.Category}: {leak?.Text}");
        }
    }

    private async Task<string> CreateOrderAsync()
    {
        var body = JsonSerializer.Serialize(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = _receiver.UrlFor("/hook") });
        using var response = await _merchant.PostAsync("/api/public/v1/acquiring/order", body,
            r => _requestSignatures.Add(r.Headers.GetValues("X-Signature").Single()));
        Assert.Equal(201, (int)response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
    }

    private async Task<JsonElement> UntilDeliveryAsync(string status)
    {
        var page = default(JsonElement);
        await Eventually.HoldsAsync(
            async () => (page = (await _merchant.GetJsonAsync($"/api/v1/webhook-deliveries?status={status}")).GetProperty("data")).GetArrayLength() == 1,
            $"a delivery {status}");
        return page[0];
    }
}

public sealed class StructuredLogTestsOnSqlite() : StructuredLogTests(Backend.Sqlite);

public sealed class StructuredLogTestsOnPostgres() : StructuredLogTests(Backend.Postgres);
