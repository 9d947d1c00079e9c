using System.CommandLine;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PayState.Client.Webhooks;

namespace PayState.Cli;

/// <summary>
/// <c>paystate listen</c>: a local webhook receiver for development. Verifies each webhook, prints it, and forwards it
/// (body and headers as received) to the app under development, answering PayState with the app's status.
/// </summary>
internal static class ListenCommand
{
    // Hop-by-hop and framing headers belong to each connection; everything else (webhook-*, PayState-Sequence, Signature) is forwarded.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Content-Length", "Content-Type", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Expect",
        "Proxy-Connection",
    };

    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "Port to listen on at 127.0.0.1 (0 picks a free one)", DefaultValueFactory = _ => 5081 };
        var secret = new Option<string?>("--secret") { Description = "The terminal's webhook secret (whsec_...) [env: PAYSTATE_WEBHOOK_SECRET]" };
        var forwardTo = new Option<string?>("--forward-to") { Description = "Forward each verified webhook to this URL, e.g. http://localhost:5000/webhooks" };
        var count = new Option<int?>("--count") { Description = "Stop after this many verified webhooks (a script's smoke test); default: run until Ctrl+C" };
        var command = new Command(
            "listen", "Receive webhooks locally: verify, print (shortened; --json: the body whole) and forward each one; runs until Ctrl+C")
        {
            port, secret, forwardTo, count,
        };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var webhookSecret = parseResult.GetValue(secret) ?? settings.WebhookSecret
                ?? throw new CliException("no webhook secret: pass --secret or set PAYSTATE_WEBHOOK_SECRET.");
            Uri? target = null;
            if (parseResult.GetValue(forwardTo) is { } forward
                && (!Uri.TryCreate(forward, UriKind.Absolute, out target) || (target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)))
                throw new CliException($"--forward-to must be an absolute http(s) URL, not '{forward}'.");
            // Requests are handled concurrently; one writer lock keeps their lines whole.
            var output = TextWriter.Synchronized(context.Output);
            var error = TextWriter.Synchronized(context.Error);
            if (parseResult.GetValue(count) is <= 0) throw new CliException("--count must be a positive whole number.");
            using var forwarder = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
            using var enough = new CancellationTokenSource();
            var receiver = new Receiver(webhookSecret, target, forwarder, output, error, settings.Json, parseResult.GetValue(count), enough);

            // The empty builder reads no appsettings or environment, so nothing configures this Kestrel but the flags.
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, parseResult.GetValue(port)));
            await using var app = builder.Build();
            app.Run(receiver.HandleAsync);
            try
            {
                await app.StartAsync(ct).ConfigureAwait(false);
            }
            catch (IOException e)
            {
                throw new CliException($"cannot listen on 127.0.0.1:{parseResult.GetValue(port).ToString(CultureInfo.InvariantCulture)}: {e.Message}");
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
            await output.WriteLineAsync($"Listening on {address}" + (target is null ? "" : $", forwarding to {target}") + ". Ctrl+C to stop.")
                .ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            // The host may be told to stop on its own (its console lifetime sees SIGTERM too), so either ends the wait.
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(ct, app.Lifetime.ApplicationStopping, enough.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: stop serving and exit cleanly.
            }
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private sealed class Receiver(
        string secret, Uri? target, HttpClient forwarder, TextWriter output, TextWriter error, bool json, int? count, CancellationTokenSource enough)
    {
        private int _received;

        public async Task HandleAsync(HttpContext http)
        {
            var request = http.Request;
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
            var body = buffer.ToArray();
            var id = request.Headers["webhook-id"].ToString();
            if (!WebhookVerifier.VerifyStandard(body, id, request.Headers["webhook-timestamp"], request.Headers["webhook-signature"], [secret],
                    TimeProvider.System.GetUtcNow()))
            {
                // Answer 400 like a real receiver would, so a wrong secret shows up as failed deliveries too.
                await error.WriteLineAsync($"rejected {request.Method} {request.Path}: invalid or missing webhook signature (id '{id}').")
                    .ConfigureAwait(false);
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }
            var sequence = request.Headers["PayState-Sequence"].ToString();
            await output.WriteLineAsync(json ? System.Text.Encoding.UTF8.GetString(body) : $"{id}  seq={(sequence.Length == 0 ? "-" : sequence)}  {WebhookPreview.Of(body)}")
                .ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            if (target is null) http.Response.StatusCode = StatusCodes.Status204NoContent;
            else await ForwardAsync(http, body, id).ConfigureAwait(false);
            // Stopped once the answer is on its way, so PayState records this webhook as delivered.
            if (Interlocked.Increment(ref _received) == count) http.Response.OnCompleted(() => enough.CancelAsync());
        }

        private async Task ForwardAsync(HttpContext http, byte[] body, string id)
        {
            using var forward = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            foreach (var (name, values) in http.Request.Headers)
            {
                if (!NotForwarded.Contains(name)) forward.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
            if (http.Request.ContentType is { } contentType) forward.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            try
            {
                using var answer = await forwarder.SendAsync(forward, http.RequestAborted).ConfigureAwait(false);
                var answerBody = await answer.Content.ReadAsByteArrayAsync(http.RequestAborted).ConfigureAwait(false);
                await output.WriteLineAsync($"  -> {target} answered {(int)answer.StatusCode}").ConfigureAwait(false);
                // PayState sees the app's own answer, so its retries behave exactly as they would in production.
                http.Response.StatusCode = (int)answer.StatusCode;
                if (answer.Content.Headers.ContentType is { } type) http.Response.ContentType = type.ToString();
                if (answerBody.Length > 0) await http.Response.Body.WriteAsync(answerBody, http.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                await error.WriteLineAsync($"forwarding {id} to {target} failed: {e.Message}").ConfigureAwait(false);
                // 502 makes PayState retry later, as it would if the app itself were down.
                http.Response.StatusCode = StatusCodes.Status502BadGateway;
            }
        }
    }
}
