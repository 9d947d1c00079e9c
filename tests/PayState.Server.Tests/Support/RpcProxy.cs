using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Logging;

namespace PayState.Server.Tests.Support;

/// A loopback HTTP forwarder in front of a JSON-RPC node, which a test can take down (it answers 503) and bring back:
/// a node outage without killing the node. It records the methods of each request it forwards.
public sealed class RpcProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http = new();
    private readonly ConcurrentQueue<string[]> _requests = new();
    private volatile bool _down;

    private RpcProxy(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    /// Requests answered while down.
    public int Refused { get; private set; }

    /// The JSON-RPC methods of each forwarded HTTP request (a batch has several), in order.
    public IReadOnlyList<string[]> Requests => [.. _requests];

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
            var bytes = await ReadAsync(http.Request.Body);
            proxy._requests.Enqueue(Methods(bytes));
            using var body = new ByteArrayContent(bytes);
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

    private static async Task<byte[]> ReadAsync(Stream body)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    private static string[] Methods(byte[] body)
    {
        var root = JsonDocument.Parse(body).RootElement;
        var calls = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new[] { root };
        return [.. calls.Select(c => c.GetProperty("method").GetString()!)];
    }

    public void Up() => _down = false;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _http.Dispose();
    }
}
