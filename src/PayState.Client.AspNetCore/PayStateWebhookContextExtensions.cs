using Microsoft.AspNetCore.Http;
using PayState.Client.Webhooks;

namespace PayState.Client.AspNetCore;

/// <summary>The ASP.NET Core side of a <see cref="PayStateWebhookContext"/>.</summary>
public static class PayStateWebhookContextExtensions
{
    extension(PayStateWebhookContext context)
    {
        /// <summary>The webhook's request; null when the reconciler brought the message.</summary>
        public HttpContext? HttpContext => context.Request as HttpContext;
    }
}
