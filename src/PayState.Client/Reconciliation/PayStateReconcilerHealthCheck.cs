using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace PayState.Client.Reconciliation;

/// <summary>
/// Healthy while every reconciler catches up; degraded while one fails; unhealthy once one has failed for longer than its
/// <see cref="PayStateReconcilerOptions.UnhealthyAfter"/>. The data names each failing reconciler's last error and event.
/// Added by <c>services.AddHealthChecks().AddPayStateReconciler()</c>.
/// </summary>
/// <param name="health">The reconcilers' outcomes.</param>
/// <param name="options">Each reconciler's options, by name.</param>
/// <param name="clock">The clock.</param>
public sealed class PayStateReconcilerHealthCheck(ReconcilerHealth health, IOptionsMonitor<PayStateReconcilerOptions> options, TimeProvider clock) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var data = new Dictionary<string, object>(StringComparer.Ordinal);
        var status = HealthStatus.Healthy;
        foreach (var (name, state) in health.States)
        {
            if (state.FailingSince is not { } since) continue;
            var label = name.Length == 0 ? "default" : name;
            data[label] = $"failing since {since:O} ({state.Failures} in a row): {state.LastError}";
            status = now - since > options.Get(name).UnhealthyAfter ? HealthStatus.Unhealthy : status == HealthStatus.Unhealthy ? status : HealthStatus.Degraded;
        }
        var description = status == HealthStatus.Healthy
            ? $"{health.States.Count} PayState reconciler(s) catching up."
            : $"PayState reconciler(s) failing: {string.Join("; ", data.Select(d => $"{d.Key}: {d.Value}"))}";
        return Task.FromResult(new HealthCheckResult(status, description, data: data));
    }
}
