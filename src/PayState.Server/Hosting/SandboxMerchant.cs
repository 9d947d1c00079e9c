using PayState.Server.Accounts;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

/// The merchant a newcomer starts with. Created once, on the first sandbox start of an empty database; its
/// credentials are printed then, and written to the credentials file at every sandbox start (current after a rotation).
public sealed class SandboxMerchant(IStore store, PayStateOptions options, TimeProvider clock, TextWriter console)
{
    public async Task EnsureAsync(ServiceTokens tokens, CancellationToken cancellationToken)
    {
        var now = UnixMicros.Truncate(clock.GetUtcNow());
        var merchant = new MerchantRecord(SecureIds.NewMerchantId(now), "Sandbox merchant", false, null, null, new Dictionary<string, string>(), now);
        var terminal = new TerminalRecord(SecureIds.NewUuid(), merchant.Id, Credentials.NewApiKey(), Credentials.NewApiSecret(), Credentials.NewWebhookSecret(), null, null, now);
        var (created, kept) = await store.WriteAsync(tx =>
        {
            if (tx.GetSetting("sandbox_merchant") is not null) return (false, tx.GetSetting("sandbox_terminal"));
            tx.InsertMerchant(merchant);
            tx.InsertTerminal(terminal);
            tx.SetSetting("sandbox_merchant", merchant.Id);
            tx.SetSetting("sandbox_terminal", terminal.Id);
            return (true, terminal.Id);
        }, cancellationToken).ConfigureAwait(false);

        // A database from before the file existed does not know its sandbox terminal: nothing to write.
        var current = kept is null ? null : await store.FindTerminalAsync(kept, cancellationToken).ConfigureAwait(false);
        var credentials = current is null ? null : new SandboxCredentials(
            SandboxUrl.From(options.Urls), current.MerchantId, current.Id, current.ApiKey, current.ApiSecret, current.WebhookSecret,
            tokens.AdminToken, tokens.ProcessorToken);
        var saved = credentials is not null && await SaveAsync(credentials).ConfigureAwait(false);

        if (created && credentials is not null) await PrintAsync(credentials, saved).ConfigureAwait(false);
        else if (saved) await console.WriteLineAsync($"PayState sandbox on {options.Urls}: its credentials are in {options.CredentialsFile} (source it).").ConfigureAwait(false);
        else await console.WriteLineAsync($"PayState sandbox on {options.Urls}. The sandbox credentials were printed when {options.DatabaseForDisplay} was created; " +
            "delete it to start afresh, or rotate the terminal with the admin API.").ConfigureAwait(false);
    }

    private async Task<bool> SaveAsync(SandboxCredentials credentials)
    {
        try
        {
            SandboxCredentialsFile.Write(options.CredentialsFile, credentials, options.DatabaseForDisplay);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await console.WriteLineAsync($"warning: the sandbox credentials could not be written to {options.CredentialsFile} ({e.Message}); " +
                "set PAYSTATE_CREDENTIALS_FILE to a writable path.").ConfigureAwait(false);
            return false;
        }
    }

    private Task PrintAsync(SandboxCredentials c, bool saved) => console.WriteLineAsync($"""

        PayState sandbox on {options.Urls} (database {options.DatabaseForDisplay})
          merchant id      {c.MerchantId}
          terminal uuid    {c.TerminalUuid}
          api key          {c.ApiKey}
          api secret       {c.ApiSecret}
          webhook secret   {c.WebhookSecret}
          admin token      {c.AdminToken}
          processor token  {c.ProcessorToken}
        {(saved ? $"Also in {options.CredentialsFile} (readable by you only): `source {options.CredentialsFile}` in another terminal; the paystate CLI reads it itself."
            : "Keep them: they are shown once.")}
        Sandbox mode: loopback webhook URLs are allowed and retries come within seconds.

        """);
}
