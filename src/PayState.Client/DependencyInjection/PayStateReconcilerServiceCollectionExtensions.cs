using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PayState.Client;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PayStateReconciler"/>s and what they share with the webhook receiver.</summary>
public static class PayStateReconcilerServiceCollectionExtensions
{
    /// <summary>
    /// Runs a <see cref="PayStateReconciler"/> for the default terminal (<c>AddPayStateClient</c> first) as a hosted
    /// service, handing every missed event to the <see cref="IPayStateWebhookHandler"/> registered in the container.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets its options.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateReconciler(this IServiceCollection services, Action<PayStateReconcilerOptions>? configure = null) =>
        services.AddPayStateReconciler(Options.Options.DefaultName, null, configure);

    /// <summary>Runs a <see cref="PayStateReconciler"/> for the default terminal, its options bound from configuration.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">Its section (<c>Interval</c>, <c>PageSize</c>, <c>StartFrom</c>, <c>TerminalUuid</c>, ...).</param>
    /// <param name="configure">Sets or overrides options in code.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateReconciler(
        this IServiceCollection services, IConfiguration configuration, Action<PayStateReconcilerOptions>? configure = null) =>
        services.AddPayStateReconciler(Options.Options.DefaultName, configuration, configure);

    /// <summary>Runs a <see cref="PayStateReconciler"/> for the terminal <paramref name="name"/>, its options bound from configuration.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The terminal's name, as given to <c>AddPayStateClient</c>.</param>
    /// <param name="configuration">Its section (<c>Interval</c>, <c>PageSize</c>, <c>StartFrom</c>, ...); null for none.</param>
    /// <param name="configure">Sets or overrides options in code.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateReconciler(
        this IServiceCollection services, string name, IConfiguration? configuration, Action<PayStateReconcilerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var options = services.AddOptions<PayStateReconcilerOptions>(name);
        if (configuration is not null) options.Bind(configuration);
        if (configure is not null) options.Configure(configure);
        services.AddPayStateWebhookProcessor();
        services.TryAddSingleton<ICursorStore, InMemoryCursorStore>();
        services.TryAddSingleton<ReconcilerHealth>();
        services.AddKeyedSingleton(name, (provider, _) => new PayStateReconciler(
            name,
            provider.GetRequiredKeyedService<PayStateClient>(name),
            provider.GetRequiredService<ICursorStore>(),
            provider.GetRequiredService<PayStateWebhookProcessor>(),
            (webhook, context) => context.Services.GetRequiredService<IPayStateWebhookHandler>().HandleAsync(webhook, context),
            provider.GetRequiredService<IServiceScopeFactory>(),
            provider.GetRequiredService<IOptionsMonitor<PayStateReconcilerOptions>>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<PayStateReconciler>>(),
            provider.GetRequiredService<ReconcilerHealth>()));
        services.AddSingleton<IHostedService>(provider => provider.GetRequiredKeyedService<PayStateReconciler>(name));
        return services;
    }

    /// <summary>
    /// Registers the <see cref="PayStateWebhookProcessor"/> the receiver and the reconciler share, an
    /// <see cref="InMemoryWebhookStateStore"/> unless an <see cref="IWebhookStateStore"/> is registered (before or after), and
    /// <see cref="TimeProvider.System"/> unless a clock is.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateWebhookProcessor(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PayStateWebhookProcessor>(provider => new PayStateWebhookProcessor(
            provider.GetService<IWebhookStateStore>() ?? InMemoryStore(provider), provider.GetRequiredService<ILogger<PayStateWebhookProcessor>>()));
        return services;
    }

    private static InMemoryWebhookStateStore InMemoryStore(IServiceProvider provider)
    {
        provider.GetRequiredService<ILogger<PayStateWebhookProcessor>>().LogWarning(
            "No IWebhookStateStore is registered: PayState messages are remembered in memory, forgotten on restart and not shared " +
            "between instances. Register a SqlWebhookStateStore for production.");
        return new InMemoryWebhookStateStore();
    }
}
