using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PayState.Server.Delivery;

namespace PayState.Bench;

/// A webhook receiver that verifies each signature, answers 204 at once and notes when each event and each
/// object's newest event first arrived. It also serves the fixed GET the read ceiling is measured against.
public sealed class Receiver : IAsyncDisposable
{
    private static readonly byte[] UuidField = "\"uuid\":\""u8.ToArray();
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, long> _first = new();
    private readonly ConcurrentDictionary<string, long> _byObject = new();
    private byte[] _key = [];
    private int _received;
    private int _unverified;

    private Receiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public Uri BaseUri => new(Url[..^"hook".Length]);

    public int Distinct => _first.Count;

    public int Received => Volatile.Read(ref _received);

    public int Unverified => Volatile.Read(ref _unverified);

    /// The whsec_ secret the webhooks are signed with (the terminal's).
    public string Secret { set => _key = StandardWebhookSigner.KeyBytes(value); }

    /// What GET /fixed answers: the bench sets it to a real order document of the same size as the reads.
    public byte[] FixedBody { get; set; } = "{}"u8.ToArray();

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxConcurrentConnections = null);
        builder.Services.AddRoutingCore();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.MapPost("/hook", (Func<HttpContext, Task<IResult>>)receiver.HandleAsync);
        app.MapGet("/fixed", () => Results.Bytes(receiver.FixedBody, "application/json"));
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    /// When the first webhook about this object arrived (Stopwatch ticks), if one did.
    public long? ArrivalOf(string objectId) => _byObject.TryGetValue(objectId, out var at) ? at : null;

    public void ForgetObjects() => _byObject.Clear();

    private async Task<IResult> HandleAsync(HttpContext http)
    {
        var arrived = Stopwatch.GetTimestamp();
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var id = http.Request.Headers["webhook-id"].ToString();
        Interlocked.Increment(ref _received);
        if (!Verified(id, http.Request.Headers["webhook-timestamp"].ToString(), http.Request.Headers["webhook-signature"].ToString(), body))
        {
            Interlocked.Increment(ref _unverified);
            return Results.StatusCode(401);
        }
        _first.TryAdd(id, arrived);
        if (ObjectId(body) is { } objectId) _byObject.TryAdd(objectId, arrived);
        return Results.NoContent();
    }

    private bool Verified(string id, string timestamp, string signature, ReadOnlySpan<byte> body)
    {
        if (!long.TryParse(timestamp, out var seconds)) return false;
        var expected = StandardWebhookSigner.Sign(id, seconds, body, [_key]);
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature.Split(' ')[0]));
    }

    private static string? ObjectId(ReadOnlySpan<byte> body)
    {
        var at = body.IndexOf(UuidField);
        if (at < 0) return null;
        var rest = body[(at + UuidField.Length)..];
        var end = rest.IndexOf((byte)'"');
        return end < 0 ? null : Encoding.UTF8.GetString(rest[..end]);
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
