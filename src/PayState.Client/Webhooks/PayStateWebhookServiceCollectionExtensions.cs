using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PayState.Client.Webhooks;

/// <summary>Registers what <see cref="PayStateWebhookEndpoints.MapPayStateWebhooks"/> needs.</summary>
public static class PayStateWebhookServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PayStateWebhookOptions"/>, an <see cref="InMemoryWebhookStateStore"/> as the
    /// <see cref="IWebhookStateStore"/> and <see cref="TimeProvider.System"/>, each unless one is registered already.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the secrets and tolerance.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateWebhooks(this IServiceCollection services, Action<PayStateWebhookOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PayStateWebhookOptions>().Configure(configure);
        services.TryAddSingleton<IWebhookStateStore, InMemoryWebhookStateStore>();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
