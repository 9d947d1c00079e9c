using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using PayState.Server.Storage;
using PayState.Server.Storage.Sqlite;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// SQLite gives space back: files are incrementally vacuumed (an older file is rewritten once to become so), and after a
/// retention sweep the free pages beyond an eighth of the file are returned to the file system.
public sealed class SqliteSpaceTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(T0);
    private TestStore _test = null!;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(Backend.Sqlite, _clock);

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public void NewFile_IsIncrementallyVacuumed()
    {
        Assert.Equal(2, _test.Scalar("PRAGMA auto_vacuum"));
    }

    [Fact]
    public async Task FileMadeWithoutAutoVacuum_IsRewrittenOnceAtStart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"paystate-old-{Guid.NewGuid():N}.db");
        try
        {
            using (var old = new SqliteConnection($"Data Source={path};Pooling=false"))
            {
                old.Open();
                using var command = old.CreateCommand();
                command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE made_before (x INTEGER);";
                command.ExecuteNonQuery();
            }
            await using (var store = new SqliteStore(path, _clock)) await store.MigrateAsync(CancellationToken.None);

            using var check = new SqliteConnection($"Data Source={path};Pooling=false");
            check.Open();
            using var pragma = check.CreateCommand();
            pragma.CommandText = "PRAGMA auto_vacuum";
            Assert.Equal(2L, pragma.ExecuteScalar());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    [Fact]
    public async Task Sweep_AfterRemovingMostRows_GivesTheFreePagesBack()
    {
        var body = new string('x', 3000);
        for (var i = 0; i < 400; i++) await _test.Store.WriteAsync(tx => { tx.InsertInboxMessage("shop", T0, "{}", body, keep: 1000); return true; });
        var full = _test.Scalar("PRAGMA page_count");
        _clock.Advance(TimeSpan.FromDays(31));

        await new RetentionSweeper(_test.Store, new RetentionPolicy(TimeSpan.FromDays(30), null), _clock, NullLogger<RetentionSweeper>.Instance)
            .SweepAsync(CancellationToken.None);

        var pages = _test.Scalar("PRAGMA page_count");
        Assert.True(pages < full / 4, $"{pages} pages left of {full}");
        Assert.InRange(_test.Scalar("PRAGMA freelist_count"), 0, pages / 8);
        Assert.Empty(await _test.Store.ListInboxAsync(10, CancellationToken.None));
    }
}
