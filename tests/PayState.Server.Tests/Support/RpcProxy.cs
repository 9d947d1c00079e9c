using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace PayState.Server.Tests.Support;

/// A loopback HTTP forwarder in front of a JSON-RPC node, which a test can take down (it answers 503) and bring back:
/// a node outage without killing the node.
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();
    private volatile bool _down;

    private RpcProxy(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// Requests answered while down.
    public int Refused { get; private set; }

    public static async Task<RpcProxy> StartAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var proxy = new RpcProxy(app);
        app.MapPost("/", async (HttpContext http) =>
        {
            if (proxy._down)
            {
                proxy.Refused++;
                return Results.StatusCode(503);
            }
            using var body = new StreamContent(http.Request.Body);
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var answer = await proxy._http.PostAsync(target, body);
            http.Response.StatusCode = (int)answer.StatusCode;
            return Results.Bytes(await answer.Content.ReadAsByteArrayAsync(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return proxy;
    }

    public void Down() => _down = true;

    public void Up() => _down = false;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
