using System.Text;
using PayState.Server.Dashboard;
using PayState.Server.Storage;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// Each thing stored once: an object whose document is its event payload keeps none in its row, but points at its
/// newest event; its first document waits apart until the first change. Reads find the document wherever it is.
public abstract class StoreOnceTests(Backend backend) : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private TestStore _test = null!;

    private IDashboardStore Store => _test.Store;

    public async Task InitializeAsync() => _test = await TestStore.CreateAsync(backend, new FakeTimeProvider(T0));

    public Task DisposeAsync() => _test.DisposeAsync().AsTask();

    [Fact]
    public async Task DocumentInEvents_RowKeepsNone_EveryReadFindsTheNewestDocument()
    {
        await Store.WriteAsync(tx => { tx.InsertObject(Order(1, "v1"), documentInEvents: true); return true; });
        Assert.Equal("v1", await DocumentAsync());
        Assert.Equal((1, 0), (_test.Scalar("SELECT count(*) FROM creation_documents"), _test.Scalar("SELECT count(*) FROM objects WHERE data IS NOT NULL")));

        var seq2 = await ChangeAsync(2, "v2");
        var seq3 = await ChangeAsync(3, "v3");

        Assert.Equal("v3", await DocumentAsync());
        Assert.Equal("v3", (await Store.WriteAsync(tx => tx.LockObject("o1")))!.Data);
        Assert.Equal("v3", Assert.Single(await Store.ListObjectsAsync(new ObjectQuery(), CancellationToken.None)).Data);
        Assert.Equal([seq2, seq3], (await Store.ListObjectEventsAsync("o1", CancellationToken.None)).Select(e => e.Seq));
        Assert.Equal(0, _test.Scalar("SELECT count(*) FROM creation_documents"));
        Assert.Equal(0, _test.Scalar("SELECT count(*) FROM objects WHERE data IS NOT NULL"));
        Assert.Equal(seq3, _test.Scalar("SELECT head_seq FROM objects WHERE id = 'o1'"));

        await _test.ReopenAsync();
        Assert.Equal("v3", await DocumentAsync());
    }

    [Fact]
    public async Task DocumentNotInEvents_StaysInTheRow_WhichStillPointsAtTheNewestEvent()
    {
        await Store.WriteAsync(tx => { tx.InsertObject(Order(1, "v1")); return true; });

        var seq = await Store.WriteAsync(tx => tx.RecordChange(Change(2, "row v2", "the event's own body")))!;

        Assert.Equal("row v2", (await Store.FindObjectAsync("o1", CancellationToken.None))!.Data);
        Assert.Equal("the event's own body", Encoding.UTF8.GetString(Assert.Single(await Store.ListObjectEventsAsync("o1", CancellationToken.None)).Payload));
        Assert.Equal(seq!.Seq, _test.Scalar("SELECT head_seq FROM objects WHERE id = 'o1'"));
        Assert.Equal(0, _test.Scalar("SELECT count(*) FROM creation_documents"));
    }

    [Fact]
    public async Task RecordChange_OnAStaleVersion_WritesNothingAndKeepsTheDocument()
    {
        await Store.WriteAsync(tx => { tx.InsertObject(Order(1, "v1"), documentInEvents: true); return true; });
        await ChangeAsync(2, "v2");

        var stale = await Store.WriteAsync(tx => tx.RecordChange(Change(2, "other v2", "other v2") with { DocumentInEvent = true }));

        Assert.Null(stale);
        Assert.Equal("v2", await DocumentAsync());
        Assert.Single(await Store.ListObjectEventsAsync("o1", CancellationToken.None));
    }

    private static PayObject Order(int version, string document) =>
        new("o1", "acquiring_order", "m", "t", "Created", version, document, T0, T0.AddSeconds(version));

    private static ChangeWrite Change(int version, string document, string payload) => new(
        Order(version, document) with { State = $"S{version}" },
        new EventRecord(0, $"evt_{version}_{Guid.NewGuid():N}", "m", "acquiring_order", "o1", version, "x", T0, Encoding.UTF8.GetBytes(payload)),
        [], null, []);

    private async Task<long> ChangeAsync(int version, string document) =>
        (await Store.WriteAsync(tx => tx.RecordChange(Change(version, document, document) with { DocumentInEvent = true })))!.Seq;

    private async Task<string> DocumentAsync() => (await Store.FindObjectAsync("o1", CancellationToken.None))!.Data;
}

public sealed class StoreOnceTestsOnSqlite() : StoreOnceTests(Backend.Sqlite);

public sealed class StoreOnceTestsOnPostgres() : StoreOnceTests(Backend.Postgres);
