using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PayState.Client.AspNetCore;
using PayState.Client.Webhooks;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The ASP.NET Core webhook receiver: read and verify, then the processor (dedupe, stale drop, handler and record), then answer.</summary>
public static class PayStateWebhookEndpoints
{
    /// <summary>
    /// Maps a POST endpoint that hands every new message to the <see cref="IPayStateWebhookHandler"/> registered in the
    /// container (resolved from the request's scope), as the reconciler does. Needs <c>AddPayStateWebhooks</c> and
    /// <c>AddPayStateClient</c> (the terminal's webhook secrets).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern, e.g. <c>/webhooks/paystate</c>.</param>
    /// <param name="terminal">The terminal whose secrets verify the webhooks; empty for the default.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapPayStateWebhooks(this IEndpointRouteBuilder endpoints, string pattern, string terminal = "") =>
        endpoints.MapPayStateWebhooks(pattern,
            (webhook, context) => context.Services.GetRequiredService<IPayStateWebhookHandler>().HandleAsync(webhook, context), terminal);

    /// <summary>
    /// Maps a POST endpoint that reads the raw body and answers: 401 unless the signature verifies, 400 for what is not a
    /// PayState message; for a message recorded before, its recorded answer without calling <paramref name="handler"/>; 200
    /// for a stale one; otherwise the handler's answer (200, an IPN's 409 or 410, 503 to retry later) once it is recorded,
    /// and 500 when the handler throws, so PayState retries. Every answer's JSON body says which (<c>outcome</c>).
    /// </summary>
    /// <param name="endpoints">The route builder.</param>
    /// <param name="pattern">The route pattern.</param>
    /// <param name="handler">Applies one new message; its context has the request's <c>HttpContext</c> and scoped services.</param>
    /// <param name="terminal">The terminal whose secrets verify the webhooks; empty for the default.</param>
    /// <returns>The endpoint's convention builder.</returns>
    public static IEndpointConventionBuilder MapPayStateWebhooks(
        this IEndpointRouteBuilder endpoints, string pattern, PayStateWebhookHandler handler, string terminal = "")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(terminal);
        return endpoints.MapPost(pattern, http => ReceiveAsync(http, handler, terminal));
    }

    private static async Task ReceiveAsync(HttpContext http, PayStateWebhookHandler handler, string terminal)
    {
        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PayStateWebhookEndpoints));
        var request = await PayStateWebhookRequest.ReadAsync(http, terminal);
        if (request.Webhook is not { } webhook)
        {
            logger.Log(request.StatusCode >= 500 ? LogLevel.Error : LogLevel.Warning, "PayState webhook refused ({StatusCode}): {Problem}.",
                request.StatusCode, request.Problem);
            await PayStateWebhookAnswers.WriteRefusedAsync(http, request.StatusCode, request.Problem!);
            return;
        }
        WebhookResult result;
        try
        {
            result = await http.RequestServices.GetRequiredService<PayStateWebhookProcessor>()
                .ProcessAsync(webhook, handler, http.RequestServices, http, http.RequestAborted);
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "PayState {Webhook} failed in the handler; nothing was recorded and PayState will retry it.", webhook);
            await PayStateWebhookAnswers.WriteRefusedAsync(http, StatusCodes.Status500InternalServerError, "the handler failed; PayState will retry");
            return;
        }
        await PayStateWebhookAnswers.WriteAsync(http, webhook, result);
    }
}
