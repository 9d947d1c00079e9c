using System.Text.Json;

namespace PayState.Server.Tests.Support;

/// The checkout calls most checkout tests make: the processor's next action, and the shopper's wait.
public static class CheckoutCalls
{
    /// Sets the next action through the processor API, failing the test on anything but 200; returns the answer.
    public static async Task<string> SetCheckoutActionAsync(this TestServer server, string uuid, string body)
    {
        using var response = await server.ProcessorAsync($"processor/v1/checkout/{uuid}/action", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, $"Setting {body} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// The wait answer as it is now (no long-poll).
    public static async Task<string> CheckoutWaitAsync(this TestServer server, string uuid)
    {
        using var response = await server.Http.GetAsync(new Uri(server.BaseUri, $"api/v1/checkout/{uuid}/wait"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == 200, $"Wait answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// Waits until this many long-polls are held by the server, so a change made next wakes a held request.
    public static Task WaitForHeldWaitsAsync(this TestServer server, int count)
    {
        var feed = server.Services.GetRequiredService<PayState.Server.Events.ObjectChangeFeed>();
        return Eventually.HoldsAsync(() => feed.Held == count, $"{count} wait(s) held");
    }

    /// Polls the wait endpoint until the action is the one given; returns that answer.
    public static async Task<string> WaitForCheckoutActionAsync(this TestServer server, string uuid, string action)
    {
        var last = "";
        try
        {
            await Eventually.HoldsAsync(
                async () => JsonDocument.Parse(last = await server.CheckoutWaitAsync(uuid)).RootElement.GetProperty("action").GetString() == action,
                $"checkout {uuid} shows {action}");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Last answer: {last}", e);
        }
        return last;
    }
}
