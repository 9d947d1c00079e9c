using Microsoft.Extensions.DependencyInjection.Extensions;
using PayState.Client.Reconciliation;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds PayState's health checks.</summary>
public static class PayStateHealthChecksBuilderExtensions
{
    /// <summary>Adds <see cref="PayStateReconcilerHealthCheck"/>: degraded while a reconciler fails, unhealthy when it has for too long.</summary>
    /// <param name="builder">The health checks builder.</param>
    /// <param name="name">The check's name; default <c>paystate-reconciler</c>.</param>
    /// <returns>The same builder.</returns>
    public static IHealthChecksBuilder AddPayStateReconciler(this IHealthChecksBuilder builder, string name = "paystate-reconciler")
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton<ReconcilerHealth>();
        return builder.AddCheck<PayStateReconcilerHealthCheck>(name);
    }
}
