using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PayState.Client.Webhooks;

/// <summary>The ASP.NET Core webhook receiver: verify, deduplicate, drop stale sequences, handle, record.</summary>
public static class PayStateWebhookEndpoints
{
    /// <summary>The header carrying the object's version.</summary>
    public const string SequenceHeader = "PayState-Sequence";

    /// <summary>
    /// Maps a POST endpoint that reads the raw body, answers 401 unless the Standard Webhooks signature (and
    /// Paysafe's <c>Signature</c>, when present) verifies, 200 for a duplicate or stale event without calling
    /// <paramref name="handler"/>, 204 once the handler succeeded and the event is recorded, and 500 when the
    /// handler throws (so PayState retries). Needs <see cref="PayStateWebhookServiceCollectionExtensions.AddPayStateWebhooks"/>.
    /// </summary>
    /// <param name="app">The route builder.</param>
    /// <param name="pattern">The route pattern, e.g. <c>/webhooks/paystate</c>.</param>
    /// <param name="handler">Applies one new event.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapPayStateWebhooks(
        this IEndpointRouteBuilder app, string pattern, Func<PayStateWebhook, CancellationToken, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(handler);
        return app.MapPost(pattern, context => HandleAsync(context, handler));
    }

    private static async Task HandleAsync(HttpContext context, Func<PayStateWebhook, CancellationToken, Task> handler)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<PayStateWebhookOptions>>().Value;
        var clock = services.GetRequiredService<TimeProvider>();
        var aborted = context.RequestAborted;
        var request = context.Request;

        if (await ReadBodyAsync(request, options.MaxBodyBytes, aborted) is not { } body)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var secrets = options.Secrets.ToArray();
        var eventId = Header(request, "webhook-id");
        if (!WebhookVerifier.VerifyStandard(body, eventId, Header(request, "webhook-timestamp"), Header(request, "webhook-signature"),
                secrets, clock.GetUtcNow(), options.Tolerance)
            || (Header(request, "Signature") is { } paysafe && !secrets.Any(s => WebhookVerifier.VerifyPaysafe(body, paysafe, s))))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        if (!int.TryParse(Header(request, SequenceHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || Parse(body) is not { } payload
            || !WebhookShape.TryDetect(payload, out var kind, out var objectId))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var webhook = new PayStateWebhook(eventId!, objectId, sequence, kind, body, payload);
        try
        {
            var outcome = await new WebhookProcessor(services.GetRequiredService<IWebhookStateStore>(), handler).ProcessAsync(webhook, aborted);
            context.Response.StatusCode = outcome == WebhookOutcome.Processed ? StatusCodes.Status204NoContent : StatusCodes.Status200OK;
        }
        catch (Exception e) when (!aborted.IsCancellationRequested)
        {
            services.GetService<ILoggerFactory>()?.CreateLogger(typeof(PayStateWebhookEndpoints))
                .LogError(e, "PayState webhook {EventId} for {ObjectId} failed; PayState will retry it.", webhook.EventId, webhook.ObjectId);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        }
    }

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    // The raw bytes, never model-bound; null when longer than allowed.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static JsonElement? Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
