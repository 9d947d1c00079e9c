namespace PayState.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// From this process's cache while the listener hears the other processes (a write of a terminal anywhere
    /// retires it: PostgresChangeListener); from the database while it does not, when a NOTIFY may go unheard.
    public Task<TerminalRecord?> FindTerminalByApiKeyAsync(string apiKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return _apiKeys.TryFind(apiKey, out var cached, out var generation) && _apiKeysHeard ? cached : LoadTerminalAsync(apiKey, generation, cancellationToken);
    }

    private async Task<TerminalRecord?> LoadTerminalAsync(string apiKey, long generation, CancellationToken cancellationToken)
    {
        var terminal = await QuerySingleAsync(StoreSql.FindTerminalByApiKey, c => c.With("@key", apiKey), StoreRows.Terminal, cancellationToken).ConfigureAwait(false);
        if (terminal is not null) _apiKeys.Add(apiKey, terminal, generation);
        return terminal;
    }

    /// The listener is subscribed (every terminal written from now on is heard): entries read before are retired, since
    /// what was announced while it was away is lost, and the cache is used from here on.
    public void TerminalsHeard()
    {
        _apiKeys.Invalidate();
        _apiKeysHeard = true;
    }

    /// Whether lookups by API key may be answered from the cache now.
    internal bool ApiKeysHeard => _apiKeysHeard;

    /// The listener lost its connection: until it subscribes again, every lookup asks the database.
    public void TerminalsUnheard() => _apiKeysHeard = false;

    /// A process wrote a terminal (NOTIFY): what was read before is retired.
    public void TerminalsChanged() => _apiKeys.Invalidate();
}
