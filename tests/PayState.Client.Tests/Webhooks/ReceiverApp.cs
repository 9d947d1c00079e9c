using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PayState.Client.Webhooks;

namespace PayState.Client.Tests.Webhooks;

// One request as the receiver got it, and what it answered: enough to replay it byte for byte.
internal sealed record CapturedRequest(IReadOnlyDictionary<string, string> Headers, byte[] Body, int Status);

// A merchant's app: MapPayStateWebhooks at /hooks on a loopback port, recording every request and answer.
internal sealed class ReceiverApp : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<CapturedRequest> _captured = new();
    private bool _stopped;

    private ReceiverApp(WebApplication app) => _app = app;

    public Uri BaseUri { get; private set; } = null!;

    public string HookUrl => new Uri(BaseUri, "hooks").ToString();

    public IReadOnlyList<CapturedRequest> Captured => [.. _captured];

    public HttpClient Http { get; } = new();

    public IServiceProvider Services => _app.Services;

    /// handler null: the IPayStateWebhookHandler the services register. configuration: the terminal's section, if any.
    public static async Task<ReceiverApp> StartAsync(
        IWebhookStateStore store, TimeProvider clock, IEnumerable<string> secrets, PayStateWebhookHandler? handler,
        Action<IServiceCollection>? services = null, IConfiguration? configuration = null)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRouting();
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(clock);
        builder.Services.AddPayStateClient(Options.DefaultName, configuration, options =>
        {
            foreach (var secret in secrets) options.WebhookSecrets.Add(secret);
        });
        builder.Services.AddPayStateWebhooks();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        var receiver = new ReceiverApp(app);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var copy = new MemoryStream();
            await context.Request.Body.CopyToAsync(copy);
            context.Request.Body.Position = 0;
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            await next(context);
            receiver._captured.Enqueue(new CapturedRequest(headers, copy.ToArray(), context.Response.StatusCode));
        });
        if (handler is null) app.MapPayStateWebhooks("/hooks");
        else app.MapPayStateWebhooks("/hooks", handler);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        receiver.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return receiver;
    }

    // Sends a request as given: headers (content headers aside) and body; answers the status.
    public async Task<int> SendAsync(IReadOnlyDictionary<string, string> headers, byte[] body) => (await SendForAnswerAsync(headers, body)).Status;

    // The status and the answer's body.
    public async Task<(int Status, string Body)> SendForAnswerAsync(IReadOnlyDictionary<string, string> headers, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, HookUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("webhook-", StringComparison.OrdinalIgnoreCase) || name.Equals("PayState-Sequence", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Signature", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
    }

    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
    }
}
