using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PayState.Client;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="PayStateClient"/>s, one per terminal.</summary>
public static class PayStateClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers the default terminal's <see cref="PayStateClient"/> (inject it as is), its options bound from
    /// <paramref name="configuration"/> (keys <c>BaseAddress</c>, <c>ApiKey</c>, <c>ApiSecret</c>, <c>WebhookSecrets</c>) and
    /// then <paramref name="configure"/>. The credentials are read for every request, so a rotation takes effect at once.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The terminal's section, e.g. <c>builder.Configuration.GetSection("PayState")</c>.</param>
    /// <param name="configure">Sets or overrides options in code.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateClient(
        this IServiceCollection services, IConfiguration configuration, Action<PayStateClientOptions>? configure = null) =>
        services.AddPayStateClient(Options.Options.DefaultName, configuration, configure);

    /// <summary>Registers the default terminal's <see cref="PayStateClient"/>, its options set in code.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateClient(this IServiceCollection services, Action<PayStateClientOptions> configure) =>
        services.AddPayStateClient(Options.Options.DefaultName, null, configure);

    /// <summary>
    /// Registers the <see cref="PayStateClient"/> of the terminal <paramref name="name"/>: inject it with
    /// <c>[FromKeyedServices("name")]</c>, and name it in <c>MapPayStateWebhooks</c> and <c>AddPayStateReconciler</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The terminal's name in this app.</param>
    /// <param name="configuration">The terminal's section; null to set everything in <paramref name="configure"/>.</param>
    /// <param name="configure">Sets or overrides options in code.</param>
    /// <returns>The same service collection.</returns>
    public static IServiceCollection AddPayStateClient(
        this IServiceCollection services, string name, IConfiguration? configuration, Action<PayStateClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        var options = services.AddOptions<PayStateClientOptions>(name);
        if (configuration is not null) options.Bind(configuration);
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(HttpClientName(name)).ConfigureHttpClient((provider, http) =>
        {
            var current = provider.GetRequiredService<IOptionsMonitor<PayStateClientOptions>>().Get(name);
            http.BaseAddress = current.BaseAddress;
            http.Timeout = current.Timeout;
        });
        services.AddKeyedTransient(name, (provider, _) => Create(provider, name));
        if (name == Options.Options.DefaultName) services.AddTransient(provider => Create(provider, name));
        return services;
    }

    private static string HttpClientName(string name) => $"PayState:{name}";

    private static PayStateClient Create(IServiceProvider provider, string name)
    {
        var monitor = provider.GetRequiredService<IOptionsMonitor<PayStateClientOptions>>();
        var http = provider.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName(name));
        return new PayStateClient(http, () => monitor.Get(name).Credentials(name), provider.GetRequiredService<TimeProvider>());
    }
}
