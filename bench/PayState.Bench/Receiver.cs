using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace PayState.Bench;

/// A webhook receiver that answers 204 at once and notes when each event first arrived.
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _first = new();
    private int _received;

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public int Distinct => _first.Count;

    public int Received => Volatile.Read(ref _received);

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", (HttpContext http) =>
        {
            Interlocked.Increment(ref receiver._received);
            receiver._first.TryAdd(http.Request.Headers["webhook-id"].ToString(), Stopwatch.GetTimestamp());
            return Results.NoContent();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    public async Task WaitForAsync(int distinct, TimeSpan limit)
    {
        var stop = Stopwatch.StartNew();
        while (Distinct < distinct)
        {
            if (stop.Elapsed > limit) throw new TimeoutException($"Only {Distinct} of {distinct} webhooks arrived within {limit}.");
            await Task.Delay(5);
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
