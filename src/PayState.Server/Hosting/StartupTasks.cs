using PayState.Server.Accounts;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

/// Runs before the server takes requests: applies migrations, fixes the service tokens, and in sandbox mode creates
/// the sandbox merchant on an empty database, prints its credentials and writes them to the credentials file.
/// ServerRun runs it before the host starts, so a database that cannot be used is reported before anything else;
/// as a hosted service it then has nothing left to do.
public sealed class StartupTasks(IStore store, PayStateOptions options, ServiceTokens tokens, SandboxMerchant sandbox) : IHostedService
{
    private readonly Lock _gate = new();
    private Task? _prepared;

    public Task PrepareAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _prepared ??= RunAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => PrepareAsync(cancellationToken);

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
        tokens.AdminToken = await ResolveAsync(options.AdminToken, "admin_token", "adm_", cancellationToken).ConfigureAwait(false);
        tokens.ProcessorToken = await ResolveAsync(options.ProcessorToken, "processor_token", "prc_", cancellationToken).ConfigureAwait(false);
        if (options.Sandbox) await sandbox.EnsureAsync(tokens, cancellationToken).ConfigureAwait(false);
    }

    /// A configured token wins (PayStateOptions refuses to start without one outside sandbox mode). Without one,
    /// sandbox mode makes one and keeps it in the database so it survives restarts.
    private async Task<string> ResolveAsync(string? configured, string setting, string prefix, CancellationToken cancellationToken)
    {
        if (configured is not null) return configured;
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
