using System.Text.Json;
using PayState.Server.Checkout;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Checkout;

/// A checkout on a started server, and the calls the action tests share: create it, set an action as the processor,
/// read the shopper's wait.
public abstract class CheckoutActionTestBase(Backend backend) : IAsyncLifetime
{
    protected const string ReturnUrl = "https://shop.example/thanks";
    protected const string IdVerification =
        """{"action":"wait_for_id_verification","session_url":"https://magic.veriff.me/x","status":"STARTED","message":""}""";

    protected TestServer Server { get; private set; } = null!;
    protected MerchantClient Merchant { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(backend: backend);
        Merchant = await Server.CreateMerchantAsync();
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();

    protected Uri WaitUri(string uuid) => new(Server.BaseUri, $"api/v1/checkout/{uuid}/wait");

    protected async Task<string> CreateCheckoutAsync(string notifyUrl = "https://shop.example/ipn")
    {
        using var response = await Merchant.PostAsync("/api/v1/checkouts", JsonSerializer.Serialize(new
        {
            order_ref_1 = "merchant-ref-1", order_ref_2 = "merchant-ref-2", amount = 12000, currency = "EUR",
            notify_url = notifyUrl, return_url = ReturnUrl,
        }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 201, $"Create answered {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("uuid").GetString()!;
    }

    protected Task<HttpResponseMessage> SetActionAsync(string uuid, string body) =>
        Server.ProcessorAsync($"processor/v1/checkout/{uuid}/action", body);

    protected async Task SetOkAsync(string uuid, string body)
    {
        using var response = await SetActionAsync(uuid, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, $"Setting {body} answered {(int)response.StatusCode}: {text}");
    }

    protected async Task<(int Status, string Body, string? ETag, string? ContentType)> WaitAsync(string uuid)
    {
        using var response = await Server.Http.GetAsync(WaitUri(uuid));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.ETag?.ToString(),
            response.Content.Headers.ContentType?.MediaType);
    }

    protected Task WaitForBodyAsync(string uuid, string expected) =>
        Eventually.HoldsAsync(async () => (await WaitAsync(uuid)).Body == expected, $"the wait answers {expected}");

    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, int status, string code, string? field, string? context = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"{context}: expected {status} {code}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(text);
        var problem = document.RootElement.Clone();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        if (field is null)
        {
            Assert.False(problem.TryGetProperty("field", out _), $"{context}: no field expected in {text}");
        }
        else
        {
            Assert.Equal(field, problem.GetProperty("field").GetString());
            Assert.StartsWith($"{field}: ", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }
        return problem;
    }
}
