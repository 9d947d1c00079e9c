using PayState.Server.Hosting;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// The merchant a newcomer starts with. Created once, on the first sandbox start of an empty database;
/// its secrets are printed then and never again (rotate the terminal for new ones).
public sealed class SandboxMerchant(IStore store, PayStateOptions options, TimeProvider clock, TextWriter console)
{
    public async Task EnsureAsync(ServiceTokens tokens, CancellationToken cancellationToken)
    {
        var now = UnixMicros.Truncate(clock.GetUtcNow());
        var merchant = new MerchantRecord(SecureIds.NewMerchantId(now), "Sandbox merchant", false, null, null, new Dictionary<string, string>(), now);
        var terminal = new TerminalRecord(SecureIds.NewUuid(), merchant.Id, Credentials.NewApiKey(), Credentials.NewApiSecret(), Credentials.NewWebhookSecret(), null, null, now);
        var created = await store.WriteAsync(tx =>
        {
            if (tx.GetSetting("sandbox_merchant") is not null) return false;
            tx.InsertMerchant(merchant);
            tx.InsertTerminal(terminal);
            tx.SetSetting("sandbox_merchant", merchant.Id);
            return true;
        }, cancellationToken).ConfigureAwait(false);

        if (!created)
        {
            await console.WriteLineAsync($"PayState sandbox on {options.Urls}. The sandbox credentials were printed when {options.DatabaseForDisplay} was created; " +
                "delete it to start afresh, or rotate the terminal with the admin API.").ConfigureAwait(false);
            return;
        }
        await console.WriteLineAsync($"""

            PayState sandbox on {options.Urls} (database {options.DatabaseForDisplay})
              merchant id      {merchant.Id}
              terminal uuid    {terminal.Id}
              api key          {terminal.ApiKey}
              api secret       {terminal.ApiSecret}
              webhook secret   {terminal.WebhookSecret}
              admin token      {tokens.AdminToken}
              processor token  {tokens.ProcessorToken}
            These are shown once. Sandbox mode: loopback webhook URLs are allowed and retries come within seconds.

            """).ConfigureAwait(false);
    }
}
