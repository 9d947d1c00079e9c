using System.Net;
using System.Net.Http.Headers;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Metrics;

/// GET /metrics is open unless PAYSTATE_METRICS_TOKEN is set; then it wants that token as a bearer token.
public sealed class MetricsTokenTests
{
    [Fact]
    public async Task Metrics_WithoutAConfiguredToken_IsOpen()
    {
        await using var server = await TestServer.StartAsync();

        using var response = await server.Http.GetAsync(new Uri(server.BaseUri, "metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-token", HttpStatusCode.Unauthorized)]
    [InlineData(TestServer.AdminToken, HttpStatusCode.Unauthorized)]
    [InlineData("scrape-token", HttpStatusCode.OK)]
    public async Task Metrics_WithAConfiguredToken_WantsExactlyIt(string? token, HttpStatusCode expected)
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_METRICS_TOKEN"] = "scrape-token" });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "metrics"));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK) Assert.Contains("paystate_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
