using Microsoft.Data.Sqlite;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;

namespace PayState.Server.Storage.Sqlite;

/// The embedded default: one SQLite file in WAL mode with synchronous=FULL, so a commit survives power loss.
/// Writes go through one writer connection (group commit); reads use pooled connections, which WAL lets
/// run beside the writer.
public sealed partial class SqliteStore : IDeliveryStore, IDashboardStore
{
    // Ready means this build's migrations are all applied, not merely some.
    private static readonly int LatestMigration = MigrationScripts.Load("Sqlite")[^1].Version;

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly SqliteReaderPool _readers;
    private readonly ApiKeyCache _apiKeys = new();
    private GroupCommitQueue? _writer;

    public SqliteStore(string path, TimeProvider clock)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _clock = clock;
        _readers = new SqliteReaderPool(_connectionString);
    }

    public string Path => new SqliteConnectionStringBuilder(_connectionString).DataSource;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_writer is not null) return;
        var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // Space freed by retention goes back to the file system (ReleaseFreeSpaceAsync). Set before anything else, a
        // new file takes it at once; an older file takes it with the VACUUM below.
        Pragma(connection, "PRAGMA auto_vacuum = INCREMENTAL");
        Pragma(connection, "PRAGMA journal_mode = WAL");
        Pragma(connection, "PRAGMA synchronous = FULL");
        // A savepoint's sub-journal only serves a rollback within the open transaction: memory is its place, not a
        // temporary file written for every batch that falls back to a savepoint per unit.
        Pragma(connection, "PRAGMA temp_store = MEMORY");
        // The writer's own page cache, held for the life of the process: at SQLite's default 2 MB each batch evicts
        // the pages the next one needs and reads them back from the file.
        Pragma(connection, "PRAGMA cache_size = -4096");
        // After a checkpoint the WAL file is cut back to this, where a long read had let it grow.
        Pragma(connection, "PRAGMA journal_size_limit = 67108864");
        // A migration that rebuilds a table drops the old one, which with foreign keys on (the bundled SQLite's
        // default) fails while rows refer to it: they are off while migrations run, as SQLite's own procedure for
        // changing a table says, and checked afterwards.
        Pragma(connection, "PRAGMA foreign_keys = OFF");
        SqliteMigrator.Apply(connection, _clock.GetUtcNow());
        Pragma(connection, "PRAGMA foreign_keys = ON");
        if (Scalar(connection, "SELECT count(*) FROM pragma_foreign_key_check") > 0)
            throw new InvalidOperationException("The database's foreign keys do not hold after its migrations (PRAGMA foreign_key_check).");
        // A file made before incremental auto-vacuum is rewritten once, which also compacts what migration 0007 freed.
        if (Scalar(connection, "PRAGMA auto_vacuum") != IncrementalVacuum) Pragma(connection, "VACUUM");
        // One process owns a SQLite file, so a lease left by a process that died is free to take at once.
        Pragma(connection, "UPDATE deliveries SET lease_until = NULL WHERE lease_until IS NOT NULL");
        Pragma(connection, "UPDATE chain_watchers SET owner = NULL, lease_until = NULL WHERE owner IS NOT NULL");
        _writer = new GroupCommitQueue(new SqliteBatchSession(connection, _apiKeys));
    }

    /// Free pages beyond an eighth of those in use go back to the file system, 512 (2 MB) a write transaction.
    public async Task ReleaseFreeSpaceAsync(CancellationToken cancellationToken)
    {
        while (await WriteAsync(tx => ((SqliteTransaction)tx).ReleaseFreePages(512), cancellationToken).ConfigureAwait(false) == 512)
        {
        }
    }

    /// The idle read connections' page caches (see SqliteReaderPool.ReleaseIdleMemory).
    public void ReleaseIdleMemory() => _readers.ReleaseIdleMemory();

    /// SQLite's own count, over every connection of the process (read when scraped: SQLite is set up by then).
    public Func<long>? EngineMemoryBytes => SQLitePCL.raw.sqlite3_memory_used;

    public Task<T> WriteAsync<T>(Func<IStoreTransaction, T> work, CancellationToken cancellationToken = default) =>
        (_writer ?? throw new InvalidOperationException("The store is not migrated yet.")).EnqueueAsync(work, cancellationToken);

    Task<T> IDeliveryStore.WriteAsync<T>(Func<IDeliveryTransaction, T> work, CancellationToken cancellationToken) =>
        WriteAsync(tx => work((SqliteTransaction)tx), cancellationToken);

    Task<T> IDashboardStore.WriteAsync<T>(Func<IDashboardTransaction, T> work, CancellationToken cancellationToken) =>
        WriteAsync(tx => work((SqliteTransaction)tx), cancellationToken);

    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = StoreSql.SchemaVersion;
            return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false)) >= LatestMigration;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private const long IncrementalVacuum = 2;

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// Runs a query on a pooled read connection with its prepared statement and maps every row. Reads of SQLite
    /// are synchronous under any async API, and short: they run inline.
    private Task<List<T>> QueryAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(_readers.Read(commands =>
        {
            var command = commands.Get(sql);
            bind(command);
            using var reader = command.ExecuteReader();
            var rows = new List<T>();
            while (reader.Read()) rows.Add(map(reader));
            return rows;
        }));
    }

    private async Task<T?> QuerySingleAsync<T>(string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, T> map, CancellationToken cancellationToken)
        where T : class =>
        (await QueryAsync(sql, bind, map, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null) await _writer.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        _readers.Dispose();
        SqliteConnection.ClearAllPools();
    }
}
