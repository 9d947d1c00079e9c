using Microsoft.Extensions.Options;

namespace PayState.Client.Tests.Api;

public sealed class TypedClientTests : IAsyncLifetime
{
    private ApiTestContext _api = null!;

    public async Task InitializeAsync() => _api = await ApiTestContext.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private IConfigurationRoot Configuration(string apiSecret, string? prefix = "PayState") => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{prefix}:BaseAddress"] = _api.Server.BaseUri.ToString(),
            [$"{prefix}:ApiKey"] = _api.Merchant.ApiKey,
            [$"{prefix}:ApiSecret"] = apiSecret,
        })
        .Build();

    private ServiceProvider Provider(Action<IServiceCollection> register)
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(_api.Server.Clock);
        register(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddPayStateClient_FromConfiguration_SignsAndCalls()
    {
        var configuration = Configuration(_api.Merchant.ApiSecret);
        await using var provider = Provider(s => s.AddPayStateClient(configuration.GetSection("PayState")));

        var client = provider.GetRequiredService<PayStateClient>();
        var order = await client.CreateOrderAsync(new CreateOrderRequest { Amount = 5, Currency = "USDC", Network = "tron" });

        Assert.Equal(order, await client.GetOrderAsync(order.Uuid));
    }

    [Fact]
    public async Task AddPayStateClient_SecretRotatedInConfiguration_TakesEffectWithoutRestart()
    {
        var configuration = Configuration(_api.Merchant.ApiSecret);
        await using var provider = Provider(s => s.AddPayStateClient(configuration.GetSection("PayState")));
        var client = provider.GetRequiredService<PayStateClient>();
        await client.ListEventsAsync();

        using var rotated = await _api.Server.AdminAsync(HttpMethod.Post, $"admin/v1/terminals/{_api.Merchant.TerminalUuid}/rotate", "");
        rotated.EnsureSuccessStatusCode();
        var newSecret = System.Text.Json.JsonDocument.Parse(await rotated.Content.ReadAsStringAsync()).RootElement.GetProperty("api_secret").GetString()!;
        var refused = await Assert.ThrowsAsync<PayStateException>(() => client.ListEventsAsync());
        Assert.Equal(401, refused.StatusCode);

        configuration["PayState:ApiSecret"] = newSecret;
        configuration.Reload();

        // The same client instance, and a new one from the same container: both sign with the new secret.
        await client.ListEventsAsync();
        await provider.GetRequiredService<PayStateClient>().ListEventsAsync();
    }

    [Fact]
    public async Task AddPayStateClient_SeveralTerminalsByName_EachSignsWithItsOwnKeys()
    {
        var other = await _api.Server.CreateMerchantAsync("Other shop");
        await using var provider = Provider(s => s
            .AddPayStateClient("eu", null, o => (o.BaseAddress, o.ApiKey, o.ApiSecret) = (_api.Server.BaseUri, _api.Merchant.ApiKey, _api.Merchant.ApiSecret))
            .AddPayStateClient("us", null, o => (o.BaseAddress, o.ApiKey, o.ApiSecret) = (_api.Server.BaseUri, other.ApiKey, other.ApiSecret)));

        var eu = provider.GetRequiredKeyedService<PayStateClient>("eu");
        var us = provider.GetRequiredKeyedService<PayStateClient>("us");
        var order = await eu.CreateOrderAsync(new CreateOrderRequest { Amount = 5, Currency = "USDC", Network = "tron" });

        Assert.Equal(_api.Merchant.TerminalUuid, order.TerminalUuid);
        Assert.Equal(order, await eu.GetOrderAsync(order.Uuid));
        Assert.Equal(404, (await Assert.ThrowsAsync<PayStateException>(() => us.GetOrderAsync(order.Uuid))).StatusCode);
        Assert.Null(provider.GetService<PayStateClient>());
    }

    [Fact]
    public async Task AddPayStateClient_NoApiSecret_NamesWhatIsMissing()
    {
        await using var provider = Provider(s => s.AddPayStateClient("eu", null, o => (o.BaseAddress, o.ApiKey) = (_api.Server.BaseUri, "pk_x")));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => provider.GetRequiredKeyedService<PayStateClient>("eu").ListEventsAsync());

        Assert.Equal("No ApiSecret is configured for the PayState terminal 'eu'.", error.Message);
        Assert.Equal("pk_x", provider.GetRequiredService<IOptionsMonitor<PayStateClientOptions>>().Get("eu").ApiKey);
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
