using Microsoft.Data.Sqlite;
using PayState.Server.Storage;
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

    public IStore Store { get; private set; } = null!;

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
