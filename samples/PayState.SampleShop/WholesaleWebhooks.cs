using PayState.Client.AspNetCore;
using PayState.Client.Webhooks;

namespace PayState.SampleShop;

/// The wholesale terminal's webhooks, through an endpoint of the shop's own: read and verify, process, answer.
public static class WholesaleWebhooks
{
    public static void MapWholesaleWebhooks(this IEndpointRouteBuilder app) =>
        app.MapPost("/webhooks/paystate-wholesale", async (HttpContext http, PayStateWebhookProcessor processor, IPayStateWebhookHandler handler) =>
        {
            var request = await PayStateWebhookRequest.ReadAsync(http, terminal: "wholesale");
            if (request.Webhook is not { } webhook)
            {
                await PayStateWebhookAnswers.WriteRefusedAsync(http, request.StatusCode, request.Problem!);
                return;
            }
            var result = await processor.ProcessAsync(webhook, handler.HandleAsync, http.RequestServices, http.RequestAborted);
            await PayStateWebhookAnswers.WriteAsync(http, webhook, result);
        });
}
