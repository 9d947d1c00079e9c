using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace PayState.Server.Tests.Support;

// Path includes the query string; header keys are case-insensitive, repeated values joined with ", ".
public sealed record ReceivedRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    DateTimeOffset ReceivedAt)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}

public sealed record ReceiverAnswer(int StatusCode, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    // Sends the status line, the headers and the first bytes of a longer body, then never the rest.
    public bool StallsBody { get; init; }

    public static ReceiverAnswer NoContent { get; } = new(StatusCodes.Status204NoContent);

    public static ReceiverAnswer Ok { get; } = new(StatusCodes.Status200OK);

    // A status code of 0 or below means: drop the connection without answering.
    public static ReceiverAnswer AbortConnection { get; } = new(0);

    public static ReceiverAnswer Status(int statusCode) => new(statusCode);

    public static ReceiverAnswer HeadersThenStall(int statusCode) => new(statusCode) { StallsBody = true };

    public static ReceiverAnswer RetryAfter(int statusCode, string retryAfterValue) =>
        new(statusCode, null, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Retry-After"] = retryAfterValue });
}

// A real HTTP endpoint on loopback for webhook delivery tests: records every POST and answers
// however the test currently wants (status, Retry-After, hang, dropped connection).
public sealed class FakeReceiver : IAsyncDisposable
{
    public static readonly TimeSpan DefaultNextTimeout = TimeSpan.FromSeconds(10);

    // Never completes; the handler gives up on it when the client disconnects or the receiver stops.
    private static readonly Task<ReceiverAnswer> NeverAnswers = new TaskCompletionSource<ReceiverAnswer>().Task;

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly Channel<ReceivedRequest> _requests = Channel.CreateUnbounded<ReceivedRequest>();
    private readonly List<ReceivedRequest> _all = [];
    private readonly Lock _allGate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Func<ReceivedRequest, Task<ReceiverAnswer>> _responder = static _ => Task.FromResult(ReceiverAnswer.NoContent);
    private Uri? _baseUri;
    private int _disposed;

    private FakeReceiver(TimeProvider clock, int port)
    {
        _clock = clock;
        // The empty builder reads no appsettings/env, so the server's own Kestrel config cannot leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public Uri BaseUri => _baseUri ?? throw new InvalidOperationException("The receiver has not started.");

    public ChannelReader<ReceivedRequest> Requests => _requests.Reader;

    public IReadOnlyList<ReceivedRequest> All
    {
        get
        {
            lock (_allGate)
            {
                return [.. _all];
            }
        }
    }

    // Read per request, so a test may swap behaviour between deliveries.
    public Func<ReceivedRequest, Task<ReceiverAnswer>> Responder
    {
        get => Volatile.Read(ref _responder);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            Volatile.Write(ref _responder, value);
        }
    }

    // A task that never yields an answer, for composing custom responders (e.g. hang only the first call).
    public static Task<ReceiverAnswer> Hanging => NeverAnswers;

    // ReceivedAt comes from clock (default: real time), so tests on a fake clock can compare against it.
    // port 0 takes a free one; a given port brings a receiver up where one was down (see UnreachableUrl).
    public static async Task<FakeReceiver> StartAsync(TimeProvider? clock = null, int port = 0)
    {
        var receiver = new FakeReceiver(clock ?? TimeProvider.System, port);
        try
        {
            await receiver._app.StartAsync().ConfigureAwait(false);
            var addresses = receiver._app.Services.GetRequiredService<IServer>().Features
                .GetRequiredFeature<IServerAddressesFeature>().Addresses;
            var address = addresses.Single();
            receiver._baseUri = new Uri(address.EndsWith('/') ? address : address + "/");
            return receiver;
        }
        catch
        {
            await receiver.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Grabs a loopback port and releases it, so connecting to it is refused: a receiver that is "down".
    public static string UnreachableUrl()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/down";
    }

    public string UrlFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new Uri(BaseUri, path.TrimStart('/')).ToString();
    }

    public void AnswerWith(int statusCode) => Responder = _ => Task.FromResult(ReceiverAnswer.Status(statusCode));

    public void AnswerWith(ReceiverAnswer answer) => Responder = _ => Task.FromResult(answer);

    public void Hang() => Responder = static _ => NeverAnswers;

    public void CloseConnection() => Responder = static _ => Task.FromResult(ReceiverAnswer.AbortConnection);

    public void StallBody() => Responder = static _ => Task.FromResult(ReceiverAnswer.HeadersThenStall(StatusCodes.Status200OK));

    public async Task<ReceivedRequest> NextAsync(TimeSpan? timeout = null)
    {
        var wait = timeout ?? DefaultNextTimeout;
        using var cts = new CancellationTokenSource(wait);
        try
        {
            return await _requests.Reader.ReadAsync(cts.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"No webhook request reached the fake receiver at {_baseUri} within {wait} " +
                $"({All.Count} received in total, all already consumed by earlier NextAsync/Requests reads).");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Release hanging handlers first, otherwise Kestrel's graceful stop would wait on them.
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Kestrel aborts whatever is left once the token fires; nothing more to do.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _requests.Writer.TryComplete();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return;
        }

        var aborted = context.RequestAborted;
        byte[] body;
        using (var buffer = new MemoryStream())
        {
            await context.Request.Body.CopyToAsync(buffer, aborted).ConfigureAwait(false);
            body = buffer.ToArray();
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = string.Join(", ", values.ToArray());
        }

        var request = new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value + context.Request.QueryString.Value,
            headers,
            body,
            _clock.GetUtcNow());

        // Recorded before answering, so hung and dropped deliveries are still observable.
        lock (_allGate)
        {
            _all.Add(request);
        }

        _requests.Writer.TryWrite(request);

        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        ReceiverAnswer answer;
        try
        {
            answer = await Responder(request).WaitAsync(giveUp.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (giveUp.IsCancellationRequested)
        {
            context.Abort();
            return;
        }
        catch (Exception ex)
        {
            // Surface responder bugs to the client instead of swallowing them in an unlogged 500.
            answer = new ReceiverAnswer(StatusCodes.Status500InternalServerError, "FakeReceiver responder threw: " + ex);
        }

        if (answer.StatusCode <= 0)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = answer.StatusCode;
        if (answer.Headers is not null)
        {
            foreach (var (name, value) in answer.Headers)
            {
                context.Response.Headers[name] = value;
            }
        }

        if (answer.StallsBody)
        {
            await StallBodyAsync(context, giveUp.Token).ConfigureAwait(false);
            return;
        }

        if (answer.Body is not null)
        {
            context.Response.ContentType ??= "text/plain; charset=utf-8";
            await context.Response.WriteAsync(answer.Body, aborted).ConfigureAwait(false);
        }
    }

    // Promises 1 KiB, flushes the headers and 16 bytes of it, then waits until the client gives up.
    private static async Task StallBodyAsync(HttpContext context, CancellationToken giveUp)
    {
        context.Response.ContentLength = 1024;
        try
        {
            await context.Response.Body.WriteAsync(Encoding.ASCII.GetBytes("{\"partial\":true,"), giveUp).ConfigureAwait(false);
            await context.Response.Body.FlushAsync(giveUp).ConfigureAwait(false);
            await Task.Delay(Timeout.Infinite, giveUp).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        context.Abort();
    }
}
