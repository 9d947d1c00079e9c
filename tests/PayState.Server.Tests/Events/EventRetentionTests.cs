using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using PayState.Server.Events;
using PayState.Server.Hosting;
using PayState.Server.Shared;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Events;

/// PAYSTATE_EVENT_RETENTION_DAYS: the events API keeps what the operator chose, says how far back it reaches, and
/// refuses with 410 a cursor from before what it keeps instead of skipping the events removed since.
public abstract class EventRetentionTests(Backend backend) : IAsyncLifetime
{
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        // A short retention, so the fake clock's jump past it fires few of the server's own periodic timers.
        _server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_EVENT_RETENTION_DAYS"] = "0.01" }, backend: backend);
        _merchant = await _server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ListEvents_AfterTheSweep_ListsWhatIsKept_AndACursorFromBeforeItIsGone()
    {
        var early = await OrderAsync();
        await _server.MoveOrderAsync(early, "Pending");
        var cursor = (await _merchant.GetJsonAsync("/api/v1/events")).GetProperty("next_cursor").GetString();
        await _server.MoveOrderAsync(early, "Paid");
        var other = await OrderAsync();
        await _server.MoveOrderAsync(other, "Pending");
        _server.Clock.Advance(TimeSpan.FromMinutes(15));
        await _server.MoveOrderAsync(other, "Paid");

        await _server.Services.GetRequiredService<RetentionSweeper>().SweepAsync(CancellationToken.None);

        using var gone = await _merchant.GetAsync($"/api/v1/events?after={cursor}");
        var problem = JsonDocument.Parse(await gone.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal("cursor_expired", problem.GetProperty("code").GetString());
        Assert.Contains("0.01 days", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        using var kept = await _merchant.GetAsync("/api/v1/events");
        Assert.Equal("2026-01-01T12:00:36.000000Z", kept.Headers.GetValues(EventsEndpoints.KeptFromHeader).Single());
        var events = JsonDocument.Parse(await kept.Content.ReadAsStringAsync()).RootElement.GetProperty("data");
        // The early order's Paid event is kept (its document) but, being older than what is kept, not listed.
        Assert.Equal([(other, "acquiring_order.paid")], events.EnumerateArray().Select(e => (e.GetProperty("object_id").GetString(), e.GetProperty("type").GetString())));
        var (status, body) = await _merchant.GetOrderAsync(early);
        Assert.Equal(200, status);
        Assert.Equal("Paid", JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("status").GetString());
    }

    private async Task<string> OrderAsync() => (await _merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
}

public sealed class EventRetentionTestsOnSqlite() : EventRetentionTests(Backend.Sqlite);

public sealed class EventRetentionTestsOnPostgres() : EventRetentionTests(Backend.Postgres);

/// The retention settings as an operator writes them.
public sealed class RetentionSettingsTests
{
    [Fact]
    public void Defaults_KeepDeliveriesThirtyDaysAndEventsForGood()
    {
        var policy = Options().Retention;

        Assert.Equal((TimeSpan.FromDays(30), (TimeSpan?)null), (policy.Retention, policy.EventRetention));
        Assert.Equal(TimeSpan.FromMinutes(1), policy.Period);
    }

    [Fact]
    public void Days_FractionsAllowed_AndTheSweepComesOftenEnoughForTheShortest()
    {
        var policy = Options(("PAYSTATE_RETENTION_DAYS", "0.5"), ("PAYSTATE_EVENT_RETENTION_DAYS", "0.0005")).Retention;

        Assert.Equal((TimeSpan.FromHours(12), (TimeSpan?)TimeSpan.FromSeconds(43.2)), (policy.Retention, policy.EventRetention));
        Assert.Equal(TimeSpan.FromSeconds(2.16), policy.Period);
    }

    [Theory]
    [InlineData("PAYSTATE_RETENTION_DAYS", "0")]
    [InlineData("PAYSTATE_RETENTION_DAYS", "thirty")]
    [InlineData("PAYSTATE_EVENT_RETENTION_DAYS", "-7")]
    [InlineData("PAYSTATE_EVENT_RETENTION_DAYS", "1e3")]
    public void Days_NotAPositiveNumber_RefusesToStartNamingTheKey(string key, string value)
    {
        var error = Assert.Throws<ConfigurationException>(() => Options((key, value)));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }

    private static PayStateOptions Options(params (string Key, string Value)[] settings)
    {
        var all = settings.ToDictionary(s => s.Key, s => (string?)s.Value);
        // Sandbox, so production's required secrets need not be made up here; retention reads the same either way.
        all["PAYSTATE_SANDBOX"] = "true";
        var config = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        return PayStateOptions.From(config, new HostingEnvironment { EnvironmentName = "Production" });
    }
}
