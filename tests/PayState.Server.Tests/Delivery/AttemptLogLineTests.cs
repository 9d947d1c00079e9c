using System.Text.Json;
using Microsoft.Extensions.Logging;
using PayState.Server.Tests.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// Each attempt is one log line that reads as a sentence: how it went, what was answered, and what comes next.
public sealed class AttemptLogLineTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestServer _server = null!;
    private FakeReceiver _receiver = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:PayState"] = "Information", ["PAYSTATE_RETRY_SCHEDULE"] = "1" },
            services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _receiver = await FakeReceiver.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Attempts_FailedThenDead_AndSucceeded_EachOneSentenceWithNoNull()
    {
        _receiver.AnswerWith(503);
        var failing = await CreateOrderAsync(_receiver.UrlFor("/down"));
        await _server.MoveOrderAsync(failing, "Pending");
        await _receiver.NextAsync();
        await UntilAsync(failing, "failed");
        _server.Clock.Advance(TimeSpan.FromSeconds(1.3));
        await _receiver.NextAsync();
        await UntilAsync(failing, "dead");
        _receiver.AnswerWith(204);
        var delivered = await CreateOrderAsync(_receiver.UrlFor("/ok"));
        await _server.MoveOrderAsync(delivered, "Pending");
        await UntilAsync(delivered, "succeeded");
        var refused = await CreateOrderAsync(FakeReceiver.UnreachableUrl() + "/hook");
        await _server.MoveOrderAsync(refused, "Pending");
        await UntilAsync(refused, "failed");

        var lines = _logs.Entries.Where(l => l.Category.EndsWith("DeliveryDispatcher", StringComparison.Ordinal) && l.Text.Contains(": attempt ", StringComparison.Ordinal))
            .Select(l => l.Text.Split(" | ")[0]).ToList();
        Assert.Contains(lines, l => l.Contains($"(object {failing}, sequence 2): attempt 1 failed, answered 503 after ", StringComparison.Ordinal)
            && l.Contains(" ms; next attempt at 20", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"(object {failing}, sequence 2): attempt 2 failed, answered 503 after ", StringComparison.Ordinal)
            && l.EndsWith(" ms; it was the last, the delivery is dead.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"(object {delivered}, sequence 2): attempt 1 succeeded, answered 204 after ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains($"(object {refused}, sequence 2): attempt 1 failed, connection error: Connection refused", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain("null", l, StringComparison.Ordinal));
    }

    private async Task<string> CreateOrderAsync(string webhookUrl) =>
        (await _merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", webhook_url = webhookUrl })).GetProperty("uuid").GetString()!;

    private async Task UntilAsync(string objectId, string status)
    {
        await Eventually.HoldsAsync(
            async () => (await _merchant.GetJsonAsync("/api/v1/webhook-deliveries")).GetProperty("data").EnumerateArray()
                .Any(d => d.GetProperty("object_id").GetString() == objectId && d.GetProperty("status").GetString() == status),
            $"the delivery of {objectId} is {status}");
    }
}
