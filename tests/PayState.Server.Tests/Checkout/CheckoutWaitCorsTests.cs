using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// The shopper's browser polls the wait from a checkout page on another origin: it may, and may read the ETag;
/// nothing else in the API answers cross-origin requests.
public sealed class CheckoutWaitCorsTests : IAsyncLifetime
{
    private const string Origin = "https://checkout.shop.example";
    private TestServer _server = null!;
    private MerchantClient _merchant = null!;

    public async Task InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        _merchant = await _server.CreateMerchantAsync();
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Preflight_GetWithIfNoneMatchFromAnyOrigin_IsAllowed()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait?timeout=60"));
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "if-none-match");

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Contains("GET", Header(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
        Assert.Contains("if-none-match", Header(response, "Access-Control-Allow-Headers")!.ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal("3600", Header(response, "Access-Control-Max-Age"));
    }

    [Fact]
    public async Task Get_FromAnotherOrigin_AnswersWithTheETagReadable()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, $"api/v1/checkout/{uuid}/wait"));
        request.Headers.Add("Origin", Origin);

        using var response = await _server.Http.SendAsync(request);

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("*", Header(response, "Access-Control-Allow-Origin"));
        Assert.Equal("ETag", Header(response, "Access-Control-Expose-Headers"));
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task MerchantApi_FromAnotherOrigin_GrantsNoCrossOriginRead()
    {
        var uuid = await _merchant.CreateCheckoutAsync();
        using var request = new HttpRequestMessage(HttpMethod.Options, new Uri(_server.BaseUri, $"api/public/v1/acquiring/order/{uuid}"));
        request.Headers.Add("Origin", Origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");

        using var preflight = await _server.Http.SendAsync(request);
        using var get = await _merchant.SendAsync(HttpMethod.Get, $"/api/public/v1/acquiring/order/{uuid}", adjust: r => r.Headers.Add("Origin", Origin));

        Assert.Null(Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(get, "Access-Control-Allow-Origin"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values) ? string.Join(",", values) : null;
}
