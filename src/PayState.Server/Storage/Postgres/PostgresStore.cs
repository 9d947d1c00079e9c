using System.Diagnostics;
using Npgsql;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Postgres;

/// PayState on PostgreSQL, for several server processes sharing one database. Each process writes through its
/// own group-commit queue; batches of several processes commit at once (row locks order each object's changes);
/// readers use the pool.
public sealed partial class PostgresStore : IDeliveryStore, IDashboardStore
{
    // Ready means this build's migrations are all applied, not merely some.
    private static readonly int LatestMigration = MigrationScripts.Load("Postgres")[^1].Version;

    private readonly NpgsqlDataSource _dataSource;
    private readonly TimeProvider _clock;
    private readonly ApiKeyCache _apiKeys = new();
    private volatile bool _apiKeysHeard;
    private readonly TimeSpan _commitCheck;
    private GroupCommitQueue? _writer;

    /// commitCheck: how long a COMMIT whose answer was lost waits for the database to say what became of it.
    public PostgresStore(string connectionString, TimeProvider clock, TimeSpan? commitCheck = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        Schema = builder.SearchPath?.Split(',')[0].Trim();
        var source = new NpgsqlDataSourceBuilder(builder.ConnectionString);
        // Statements make spans only inside a traced request or unit of work: the writer's BEGIN and COMMIT, the claim
        // loop and the listener's pings belong to no payment, and would each start a trace of their own.
        source.ConfigureTracing(t => t.ConfigureCommandFilter(_ => Activity.Current is { Recorded: true })
            .ConfigureBatchFilter(_ => Activity.Current is { Recorded: true }));
        _dataSource = source.Build();
        ConnectionString = builder.ConnectionString;
        _clock = clock;
        _commitCheck = commitCheck ?? TimeSpan.FromSeconds(10);
    }

    public string ConnectionString { get; }

    /// The schema PayState lives in when the connection string names one (Search Path); else the default.
    public string? Schema { get; }

    /// The NOTIFY channel, one per schema so PayState instances in one database do not wake each other.
    public string Channel => Schema is null ? "paystate" : $"paystate_{Schema}";

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null) return;
        var migrationLock = PostgresBatchSession.LockKey(Channel + ":migrations");
        await using (var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        {
            // Several processes may start at once: one migrates, the others wait and then find nothing to do.
            await ExecuteAsync(connection, $"SELECT pg_advisory_lock({migrationLock})", cancellationToken).ConfigureAwait(false);
            try
            {
                if (Schema is not null) await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS \"{Schema.Replace("\"", "", StringComparison.Ordinal)}\"", cancellationToken).ConfigureAwait(false);
                await PostgresMigrator.ApplyAsync(connection, _clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({migrationLock})", CancellationToken.None).ConfigureAwait(false);
            }
        }
        _writer = new GroupCommitQueue(new PostgresBatchSession(_dataSource, Channel, _apiKeys, new CommitOutcome(ConnectionString, _commitCheck)));
    }

    public Task<T> WriteAsync<T>(Func<IStoreTransaction, T> work, CancellationToken cancellationToken = default) =>
        (_writer ?? throw new InvalidOperationException("The store is not migrated yet.")).EnqueueAsync(work, cancellationToken);

    Task<T> IDeliveryStore.WriteAsync<T>(Func<IDeliveryTransaction, T> work, CancellationToken cancellationToken) =>
        WriteAsync(tx => work((PostgresTransaction)tx), cancellationToken);

    Task<T> IDashboardStore.WriteAsync<T>(Func<IDashboardTransaction, T> work, CancellationToken cancellationToken) =>
        WriteAsync(tx => work((PostgresTransaction)tx), cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(StoreSql.SchemaVersion, connection);
            return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! >= LatestMigration;
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e) || e is PostgresException)
        {
            return false;
        }
    }

    /// A connection for LISTEN. It comes from the same pool as the queries and the writer, and holds one of its
    /// connections for as long as it listens.
    public NpgsqlConnection CreateConnection() => _dataSource.CreateConnection();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// A read on a pooled connection. After the database restarts, the pool's idle connections are dead and the
    /// first use of each fails: one failed read empties the pool and is tried once more on a new connection
    /// (a read may run twice); a database that is still away fails the second try too.
    private async Task<List<T>> QueryAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        try
        {
            return await QueryOnceAsync(sql, bind, map, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (StoreFailure.IsUnavailable(e) && !cancellationToken.IsCancellationRequested)
        {
            _dataSource.Clear();
            return await QueryOnceAsync(sql, bind, map, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<T>> QueryOnceAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(map(reader));
        return rows;
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Action<NpgsqlCommand> bind, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
        where T : class =>
        (await QueryAsync(sql, bind, map, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }
}
