using System.Text.Json;
using System.Text.RegularExpressions;
using PayState.Server.Acquiring;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Telemetry;

/// A real Prometheus scrapes a real PayState under a little load: the series come back through its query API, the
/// repository's alert rules evaluate on them without error, and every query of the Grafana dashboard runs.
public sealed partial class PrometheusScrapeTests() : ServerTestBase(Backend.Sqlite)
{
    // Three orders paid (two changes each) and one expired by its timer.
    private const int Changes = 7;

    [Fact]
    public async Task Prometheus_ScrapesTheServer_SeriesAlertRulesAndDashboardQueriesWork()
    {
        Receiver.AnswerWith(204);
        await using var prometheus = await PrometheusServer.StartAsync(Server.BaseUri);
        for (var i = 0; i < 3; i++)
        {
            var uuid = await CreateOrderAsync(expiresIn: 3600);
            await Server.MoveOrderAsync(uuid, "Pending");
            await Server.MoveOrderAsync(uuid, "Paid");
        }
        await CreateOrderAsync(expiresIn: 60);
        // Every send recorded first: a jump of the clock would time out one still in flight.
        await Merchant.WaitForDeliveriesSettledAsync();
        Server.Clock.Advance(TimeSpan.FromSeconds(61));

        await prometheus.UntilAsync(async () => (await prometheus.QueryAsync(
                $"paystate_status_changes_total{{job=\"paystate\", paystate_object_kind=\"{AcquiringOrderKind.KindName}\"}}")) is [{ Value: Changes }],
            $"Prometheus never read {Changes} status changes from the server.");
        await prometheus.UntilAsync(async () => (await prometheus.QueryAsync("sum(paystate_delivery_attempts_total{paystate_delivery_outcome=\"delivered\"})")) is [{ Value: Changes }],
            $"Prometheus never read {Changes} delivered webhooks.");
        Assert.Equal(1, Assert.Single(await prometheus.QueryAsync("up{job=\"paystate\"}")).Value);
        Assert.Equal(Changes - 1, (await prometheus.QueryAsync(
            "sum(http_server_request_duration_seconds_count{http_route=\"/processor/v1/acquiring/order/{uuid}/status\", http_response_status_code=\"200\"})")).Single().Value);
        Assert.Equal(1, Assert.Single(await prometheus.QueryAsync("paystate_ready")).Value);

        await AlertRulesEvaluateWithoutErrorAsync(prometheus);
        await DashboardQueriesRunAsync(prometheus);
    }

    private async Task<string> CreateOrderAsync(int expiresIn) =>
        (await Merchant.CreateOrderAsync(new { amount = 300, currency = "USDT", network = "ethereum", expires_in = expiresIn, webhook_url = Receiver.UrlFor("/hook") }))
            .GetProperty("uuid").GetString()!;

    private static async Task AlertRulesEvaluateWithoutErrorAsync(PrometheusServer prometheus)
    {
        JsonElement[] rules = [];
        await prometheus.UntilAsync(async () =>
        {
            var body = JsonDocument.Parse(await prometheus.Http.GetStringAsync(new Uri(prometheus.BaseUri, "api/v1/rules"))).RootElement;
            rules = [.. body.GetProperty("data").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray())];
            return rules.Length > 0 && rules.All(r => r.GetProperty("lastEvaluation").GetString() is { } at && !at.StartsWith("0001", StringComparison.Ordinal));
        }, "The alert rules were never evaluated.");
        Assert.Equal(15, rules.Length);
        Assert.All(rules, r => Assert.True(r.GetProperty("health").GetString() == "ok", $"{r.GetProperty("name")}: {r}"));
        // A healthy server under light load sets none of them off.
        Assert.All(rules, r => Assert.Equal("inactive", r.GetProperty("state").GetString()));
    }

    private static async Task DashboardQueriesRunAsync(PrometheusServer prometheus)
    {
        var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(PrometheusServer.DeployDirectory, "grafana-dashboard.json"))).RootElement;
        var queries = dashboard.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("expr").GetString()!))
            .Select(q => q.Replace("$job", "paystate", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(queries);
        foreach (var query in queries)
        {
            // Each query runs, and every series it reads exists (a misspelt name would draw an empty panel).
            await prometheus.QueryAsync(query);
            foreach (var series in SeriesNames().Matches(query).Select(m => m.Value).Distinct())
                Assert.True((await prometheus.QueryAsync($"count({{__name__=\"{series}\"}})")).Count == 1, $"No series {series} (dashboard query {query})");
        }
    }

    [GeneratedRegex(@"\b(paystate|dotnet|http_server)_[a-z_]+(?=\{)")]
    private static partial Regex SeriesNames();
}
