using PayState.Client.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what <c>MapPayStateWebhooks</c> needs.</summary>
public static class PayStateWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PayStateWebhookOptions"/> and the processor the receiver shares with the reconciler (an
    /// in-memory state store unless an <c>IWebhookStateStore</c> is registered). The terminal's webhook secrets come from
    /// <c>AddPayStateClient</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the tolerance and body limit.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateWebhooks(this IServiceCollection services, Action<PayStateWebhookOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PayStateWebhookOptions>();
        if (configure is not null) options.Configure(configure);
        return services.AddPayStateWebhookProcessor();
    }
}
