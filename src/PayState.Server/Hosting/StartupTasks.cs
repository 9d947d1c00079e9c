using PayState.Server.Accounts;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

/// Runs before the server takes requests: applies migrations, fixes the service tokens, and in sandbox
/// mode creates the sandbox merchant on an empty database and prints its credentials.
public sealed class StartupTasks(IStore store, PayStateOptions options, ServiceTokens tokens, SandboxMerchant sandbox, ILogger<StartupTasks> log)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        tokens.AdminToken = await ResolveAsync("PAYSTATE_ADMIN_TOKEN", options.AdminToken, "admin_token", "adm_", cancellationToken).ConfigureAwait(false);
        tokens.ProcessorToken = await ResolveAsync("PAYSTATE_PROCESSOR_TOKEN", options.ProcessorToken, "processor_token", "prc_", cancellationToken).ConfigureAwait(false);
        if (options.Sandbox) await sandbox.EnsureAsync(tokens, cancellationToken).ConfigureAwait(false);
        log.LogInformation("PayState ready on {Urls} ({Mode} mode, database {Database})", options.Urls, options.Sandbox ? "sandbox" : "production",
            options.DatabaseForDisplay);
    }

    /// A configured token wins. Without one, sandbox mode makes one and keeps it in the database so it
    /// survives restarts; production refuses to start rather than run with an unknown token.
    private async Task<string> ResolveAsync(string key, string? configured, string setting, string prefix, CancellationToken cancellationToken)
    {
        if (configured is not null) return configured;
        if (!options.Sandbox) throw new InvalidOperationException($"{key} must be set outside sandbox mode.");
        return await store.WriteAsync(tx =>
        {
            var kept = tx.GetSetting(setting);
            if (kept is not null) return kept;
            var token = Credentials.NewServiceToken(prefix);
            tx.SetSetting(setting, token);
            return token;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
