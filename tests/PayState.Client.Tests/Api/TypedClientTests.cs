namespace PayState.Client.Tests.Api;

public sealed class TypedClientTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task AddHttpClient_TypedClient_SignsAndCalls()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new PayStateCredentials(_api.Merchant.ApiKey, _api.Merchant.ApiSecret));
        services.AddSingleton<TimeProvider>(_api.Server.Clock);
        services.AddHttpClient<PayStateClient>(http => http.BaseAddress = _api.Server.BaseUri);
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<PayStateClient>();
        var order = await client.CreateOrderAsync(new CreateOrderRequest(5, "USDC", "tron"));

        Assert.Equal(order, await client.GetOrderAsync(order.Uuid));
    }

    [Fact]
    public async Task SendAsync_BaseAddressWithoutTrailingSlash_StillSignsTheSentPath()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_api.Server.BaseUri.AbsoluteUri.TrimEnd('/')) };
        var client = new PayStateClient(http, new PayStateCredentials(_api.Merchant.ApiKey, _api.Merchant.ApiSecret), _api.Server.Clock);

        var page = await client.ListEventsAsync(limit: 5);

        Assert.Empty(page.Data);
    }
}
