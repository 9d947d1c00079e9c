namespace PayState.Server.Storage;

/// Everything PayState keeps. One implementation per database; the same contract tests run against each.
public interface IStore : IAsyncDisposable
{
    /// Creates or upgrades the schema; safe to call on every start.
    Task MigrateAsync(CancellationToken cancellationToken);

    /// Runs work in one database transaction and returns after it is durably committed. Work that throws
    /// leaves nothing behind; implementations may commit several callers' work together (group commit),
    /// which is why work is synchronous and must not wait on anything but the transaction it is given. Work may
    /// run more than once before its commit (a run that is rolled back leaves nothing), so it acts only through
    /// the transaction and returns what it found.
    Task<T> WriteAsync<T>(Func<IStoreTransaction, T> work, CancellationToken cancellationToken = default);

    Task<bool> PingAsync(CancellationToken cancellationToken);

    /// Gives back memory held for work that is not running now (called every few seconds). A store that keeps
    /// nothing of the kind does nothing.
    void ReleaseIdleMemory()
    {
    }

    /// Gives back to the file system space that removed rows left free, beyond a reserve for what comes next, in
    /// steps that each hold the writer briefly (called after each retention sweep). A store whose database reuses and
    /// returns space by itself (PostgreSQL's autovacuum) does nothing.
    Task ReleaseFreeSpaceAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// Reads the memory the database engine has allocated inside this process (page caches, schemas,
    /// statements), which the GC does not see; null for a store whose engine runs in a process of its own.
    Func<long>? EngineMemoryBytes => null;

    Task<string?> GetSettingAsync(string key, CancellationToken cancellationToken);

    Task<MerchantRecord?> FindMerchantAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<MerchantRecord>> ListMerchantsAsync(CancellationToken cancellationToken);

    Task<TerminalRecord?> FindTerminalAsync(string id, CancellationToken cancellationToken);

    Task<TerminalRecord?> FindTerminalByApiKeyAsync(string apiKey, CancellationToken cancellationToken);

    Task<PayObject?> FindObjectAsync(string id, CancellationToken cancellationToken);

    Task<IdempotencyRecord?> FindIdempotencyAsync(string terminalId, string key, CancellationToken cancellationToken);

    /// The merchant's events after the given position, in the events API's order (EventPosition): an event is listed
    /// only once no event can commit before it any more, so a reader that follows the positions misses none. Events at
    /// or below keptAbove (event retention's horizon: EventHorizon) are not listed.
    Task<IReadOnlyList<EventRecord>> ListEventsAsync(string merchantId, EventPosition after, long keptAbove, int limit, CancellationToken cancellationToken);

    /// When the dispatcher next has something to do: the earliest due time of open work, or null (the outbox gauges
    /// read it too).
    Task<DateTimeOffset?> NextDeliveryDueAsync(CancellationToken cancellationToken);

    /// For the outbox gauges; one aggregate over the open deliveries (a partial index), read every few seconds at most.
    Task<OutboxStats> OutboxStatsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<TimerRecord>> DueTimersAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    Task<DateTimeOffset?> NextTimerDueAsync(CancellationToken cancellationToken);

    /// An object's events in its own order.
    Task<IReadOnlyList<EventRecord>> ListObjectEventsAsync(string objectId, CancellationToken cancellationToken);

    /// The chain slice's tables: wallet keys, watched orders, watcher progress, transfers seen.
    IChainReads Chain { get; }
}
