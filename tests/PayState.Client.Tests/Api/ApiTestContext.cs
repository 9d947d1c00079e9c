using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Api;

/// A real server on a fake clock, one merchant, and the SDK's clients pointed at it.
public sealed class ApiTestContext : IAsyncDisposable
{
    private ApiTestContext(TestServer server, MerchantClient merchant, HttpClient http)
    {
        Server = server;
        Merchant = merchant;
        Http = http;
        Client = new PayStateClient(http, new PayStateCredentials(merchant.ApiKey, merchant.ApiSecret), server.Clock);
        Processor = new PayStateProcessorClient(http, TestServer.ProcessorToken);
    }

    public TestServer Server { get; }
    public MerchantClient Merchant { get; }
    public HttpClient Http { get; }
    public PayStateClient Client { get; }
    public PayStateProcessorClient Processor { get; }

    public static async Task<ApiTestContext> StartAsync()
    {
        var server = await TestServer.StartAsync();
        var merchant = await server.CreateMerchantAsync();
        return new ApiTestContext(server, merchant, new HttpClient { BaseAddress = server.BaseUri });
    }

    /// A client of the same server and clock with other credentials.
    public PayStateClient ClientWith(string apiKey, string apiSecret) =>
        new(Http, new PayStateCredentials(apiKey, apiSecret), Server.Clock);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
