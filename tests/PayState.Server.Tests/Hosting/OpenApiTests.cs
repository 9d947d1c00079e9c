using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// /openapi/v1.json describes exactly the routed public API: every route not excluded on purpose is in it
/// with its methods, and nothing in it is not routed.
public sealed class OpenApiTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Document_EveryDescribedRouteWithItsMethods_AndNothingElse()
    {
        var documented = await DocumentedOperationsAsync();
        var routed = RoutedOperations(excluded: false);

        Assert.Empty(routed.Except(documented));
        Assert.Empty(documented.Except(routed));
    }

    [Fact]
    public async Task Document_PublicEndpointsOfEveryArea_Present()
    {
        var documented = await DocumentedOperationsAsync();

        foreach (var operation in new[]
        {
            "POST /api/public/v1/acquiring/order", "GET /api/public/v1/acquiring/order/{uuid}", "POST /processor/v1/acquiring/order/{uuid}/status",
            "POST /api/v1/checkouts", "GET /api/v1/checkout/{uuid}/wait", "POST /api/v1/piv/sessions", "GET /api/v1/events",
            "GET /api/v1/webhook-deliveries", "POST /api/v1/webhook-deliveries/{id}/retry", "POST /admin/v1/merchants",
            "GET /healthz", "GET /readyz", "GET /metrics",
        })
        {
            Assert.Contains(operation, documented);
        }
    }

    [Fact]
    public void Routes_ExcludedFromTheDocument_OnlyTheDocumentItself()
    {
        // A route left out of the document must be left out on purpose; extend this list with the reason. The
        // dashboard's routes are pages and forms for people (and the sandbox inbox), not API: all of them are out.
        Assert.Equal(["GET /openapi/{documentName}.json"], RoutedOperations(excluded: true, dashboard: false).Order(StringComparer.Ordinal));
        Assert.Empty(RoutedOperations(excluded: false, dashboard: true));
    }

    [Fact]
    public async Task Document_EveryOperation_HasNameSummaryAndTag()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "openapi/v1.json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "parameters"))
            {
                var where = $"{operation.Name} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("operationId", out _), $"{where} has no operationId");
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{where} has no summary");
                Assert.True(operation.Value.TryGetProperty("tags", out var tags) && tags.GetArrayLength() > 0, $"{where} has no tag");
            }
        }
    }

    [Fact]
    public async Task Document_RetryDelivery_Declares202NotOk()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "openapi/v1.json"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var answers = document.RootElement.GetProperty("paths").GetProperty("/api/v1/webhook-deliveries/{id}/retry")
            .GetProperty("post").GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal);

        // The handler answers 202 Accepted: the resend happens after the answer.
        Assert.Equal(["202", "401", "404", "409"], answers);
    }

    [Fact]
    public async Task Document_RequestsHostHeader_IsNotCopiedIntoServers()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, "openapi/v1.json"));
        request.Headers.Host = "evil.example";

        using var response = await _server.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(200, (int)response.StatusCode);
        Assert.DoesNotContain("evil.example", text, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(text).RootElement.TryGetProperty("servers", out _));
    }

    [Fact]
    public async Task Document_PublicUrlConfigured_IsTheOnlyServer()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_PUBLIC_URL"] = "https://pay.example.com" });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, "openapi/v1.json"));
        request.Headers.Host = "evil.example";

        using var response = await server.Http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var servers = document.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("url").GetString()).ToList();
        Assert.Equal(["https://pay.example.com"], servers);
    }

    private async Task<HashSet<string>> DocumentedOperationsAsync()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "openapi/v1.json"));
        Assert.Equal(200, (int)response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Where(o => o.Name != "parameters").Select(o => $"{o.Name.ToUpperInvariant()} {path.Name}"))
            .ToHashSet(StringComparer.Ordinal);
    }

    // A group's "" route reads "/api/v1/events/": the same path to the router and the document.
    private HashSet<string> RoutedOperations(bool excluded, bool? dashboard = null) =>
        _server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true == excluded)
            .Where(e => dashboard is null || (IsDashboard(e) || IsSlicePage(e)) == dashboard)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .ToHashSet(StringComparer.Ordinal);

    /// A page a slice adds to the dashboard (the chain page): its handler is the slice's.
    private bool IsSlicePage(RouteEndpoint endpoint) =>
        _server.Services.GetServices<PayState.Server.Dashboard.DashboardPage>().Any(p => p.Path == endpoint.RoutePattern.RawText);

    private static bool IsDashboard(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<System.Reflection.MethodInfo>()?.DeclaringType?.Namespace == typeof(PayState.Server.Dashboard.DashboardEndpoints).Namespace;
}
