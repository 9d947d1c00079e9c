using Microsoft.Data.Sqlite;
using PayState.Server.Dashboard;
using PayState.Server.Storage.Postgres;
using PayState.Server.Storage.Sqlite;

namespace PayState.Server.Tests.Support;

/// A migrated store of either backend on a database of its own (a temp file, or a schema), reopenable.
public sealed class TestStore : IAsyncDisposable
{
    private readonly Backend _backend;
    private readonly string _location;
    private readonly TimeProvider _clock;

    private TestStore(Backend backend, string location, TimeProvider clock)
    {
        _backend = backend;
        _location = location;
        _clock = clock;
    }

    /// The store as every interface it implements (IStore, IDeliveryStore, IDashboardStore).
    public IDashboardStore Store { get; private set; } = null!;

    public static async Task<TestStore> CreateAsync(Backend backend, TimeProvider clock)
    {
        var location = backend == Backend.Postgres ? TestPostgres.NewSchema() : Path.Combine(Path.GetTempPath(), $"paystate-store-{Guid.NewGuid():N}.db");
        var store = new TestStore(backend, location, clock);
        await store.OpenAsync();
        return store;
    }

    /// Closes the store and opens it again on the same data, as a restarted process would.
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        await OpenAsync();
    }

    /// Closes the store, runs SQL on its database directly (as an older build or an operator would have left it),
    /// and opens it again, migrating what is missing.
    public async Task ReopenAfterAsync(string sql)
    {
        await Store.DisposeAsync();
        if (_backend == Backend.Postgres)
        {
            TestPostgres.Execute(_location, sql);
        }
        else
        {
            using var connection = new SqliteConnection($"Data Source={_location};Pooling=false");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
        await OpenAsync();
    }

    /// A number read straight from the database (a count, a pragma), as an operator would look.
    public long Scalar(string sql)
    {
        if (_backend == Backend.Postgres) return TestPostgres.Scalar(_location, sql);
        using var connection = new SqliteConnection($"Data Source={_location};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task OpenAsync()
    {
        Store = _backend == Backend.Postgres
            ? new PostgresStore(TestPostgres.ConnectionString(_location), _clock)
            : new SqliteStore(_location, _clock);
        await Store.MigrateAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        if (_backend == Backend.Postgres)
        {
            TestPostgres.DropSchema(_location);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_location + suffix);
    }
}
