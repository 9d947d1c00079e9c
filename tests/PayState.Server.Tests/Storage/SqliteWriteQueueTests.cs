using PayState.Server.Storage;
using PayState.Server.Storage.Sqlite;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

public sealed class SqliteWriteQueueTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"paystate-store-{Guid.NewGuid():N}.db");
    private SqliteStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteStore(_path, new FakeTimeProvider());
        await _store.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }

    [Fact]
    public async Task WriteAsync_ManyConcurrentWriters_AllCommitAndReadBack()
    {
        var writes = Enumerable.Range(0, 500).Select(i => _store.WriteAsync(tx => { tx.SetSetting($"k{i}", $"v{i}"); return i; })).ToList();

        var results = await Task.WhenAll(writes);

        Assert.Equal(Enumerable.Range(0, 500), results);
        Assert.Equal("v499", await _store.GetSettingAsync("k499", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_OneUnitThrowsAmongOthers_OnlyThatUnitIsRolledBack()
    {
        var good1 = _store.WriteAsync(tx => { tx.SetSetting("a", "1"); return true; });
        var bad = _store.WriteAsync<bool>(tx =>
        {
            tx.SetSetting("b", "written then undone");
            throw new InvalidOperationException("refused");
        });
        var good2 = _store.WriteAsync(tx => { tx.SetSetting("c", "3"); return true; });

        await good1;
        await good2;
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal("1", await _store.GetSettingAsync("a", CancellationToken.None));
        Assert.Null(await _store.GetSettingAsync("b", CancellationToken.None));
        Assert.Equal("3", await _store.GetSettingAsync("c", CancellationToken.None));
    }

    [Fact]
    public async Task WriteAsync_AfterReopen_DataIsDurable()
    {
        await _store.WriteAsync(tx => { tx.SetSetting("durable", "yes"); return true; });
        await _store.DisposeAsync();

        _store = new SqliteStore(_path, new FakeTimeProvider());
        await _store.MigrateAsync(CancellationToken.None);

        Assert.Equal("yes", await _store.GetSettingAsync("durable", CancellationToken.None));
    }

    [Fact]
    public async Task MigrateAsync_Twice_IsHarmless()
    {
        await using var second = new SqliteStore(_path, new FakeTimeProvider());
        await second.MigrateAsync(CancellationToken.None);

        Assert.True(await second.PingAsync(CancellationToken.None));
    }
}
