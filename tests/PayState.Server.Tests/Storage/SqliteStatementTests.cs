using Microsoft.Data.Sqlite;
using PayState.Server.Storage.Sqlite;

namespace PayState.Server.Tests.Storage;

/// The writer's statements run through SQLite's own API: values go in and come back as Microsoft.Data.Sqlite
/// would have bound them (empty text and blobs are not NULL), a run never sees the last run's values, a busy
/// database is waited for as Microsoft.Data.Sqlite waits, and a failure is a SqliteException with SQLite's code,
/// after which the statement runs again.
public sealed class SqliteStatementTests : IDisposable
{
    private const string Insert = "INSERT INTO t (id, name, note, body, at) VALUES ($id, $name, $note, $body, $at) RETURNING id * 10";
    private readonly string _directory = Directory.CreateTempSubdirectory("paystate-statement-").FullName;
    private readonly SqliteConnection _connection;

    public SqliteStatementTests()
    {
        _connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "t.db")};Pooling=False");
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT, body BLOB, at INTEGER) STRICT";
        create.ExecuteNonQuery();
    }

    [Fact]
    public void With_BindsEachType_AndTheRowReadsBackAsBound()
    {
        using var insert = new SqliteStatement(_connection, Insert);
        var at = new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero).AddTicks(10);

        Assert.Equal(10, insert.With("$id", 1L).With("$name", "näme ✓").With("$note", (string?)null).With("$body", new byte[] { 1, 2 }).With("$at", at).FirstInt64());
        Assert.Equal(1, insert.With("$id", 2L).With("$name", "").With("$note", "").With("$body", Array.Empty<byte>()).With("$at", (DateTimeOffset?)null).Execute());

        using var read = new SqliteStatement(_connection, "SELECT name, id, at FROM t WHERE id = $id");
        Assert.Equal(("näme ✓", 1, at), read.With("$id", 1L).Single(r => Tuple.Create(r.Text(0), r.Int32(1), r.Time(2)))!.ToValueTuple());
        Assert.Null(read.With("$id", 3L).Single(r => r.Text(0)));
        Assert.Equal("text,text,blob,null", Row("SELECT typeof(name), typeof(note), typeof(body), typeof(at) FROM t WHERE id = 2"));
        Assert.Equal(",,0", Row("SELECT name, note, length(body) FROM t WHERE id = 2"));
        Assert.Equal("text,null,blob,integer,2", Row("SELECT typeof(name), typeof(note), typeof(body), typeof(at), length(body) FROM t WHERE id = 1"));
    }

    [Fact]
    public void Run_WithAParameterUnbound_ThrowsNamingIt_WritesNothing_AndForgetsTheValuesBoundSoFar()
    {
        using var insert = new SqliteStatement(_connection, Insert);
        insert.With("$id", 1L).With("$name", "a").With("$note", "n").With("$body", (byte[]?)null).With("$at", 5L).Execute();

        var error = Assert.Throws<InvalidOperationException>(() => insert.With("$id", 2L).With("$name", "b").Execute());
        Assert.Contains("$note", error.Message);
        Assert.Contains("$at", error.Message);
        Assert.DoesNotContain("$name", error.Message);
        Assert.Throws<InvalidOperationException>(() => insert.With("$note", "n").With("$body", (byte[]?)null).With("$at", 6L).Execute());
        Assert.Equal(1L, Count());
    }

    [Fact]
    public void Run_ThatViolatesAConstraint_ThrowsSqliteError_AndTheStatementRunsAgain()
    {
        using var insert = new SqliteStatement(_connection, Insert);
        insert.With("$id", 1L).With("$name", "a").With("$note", (string?)null).With("$body", (byte[]?)null).With("$at", 1L).Execute();

        var error = Assert.Throws<SqliteException>(() =>
            insert.With("$id", 1L).With("$name", "a").With("$note", (string?)null).With("$body", (byte[]?)null).With("$at", 1L).Execute());
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.Equal(20, insert.With("$id", 2L).With("$name", "b").With("$note", (string?)null).With("$body", (byte[]?)null).With("$at", 1L).FirstInt64());
        Assert.Equal(2L, Count());
    }

    [Fact]
    public async Task Run_WhileAnotherConnectionHoldsTheWriteLock_WaitsForIt_AndGivesUpAfterTheConnectionsTimeout()
    {
        using var other = new SqliteConnection($"Data Source={Path.Combine(_directory, "t.db")};Pooling=False");
        other.Open();
        using var hold = other.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE";
        hold.ExecuteNonQuery();

        using var insert = new SqliteStatement(_connection, Insert);
        var waiting = Task.Run(() => insert.With("$id", 1L).With("$name", "a").With("$note", (string?)null).With("$body", (byte[]?)null).With("$at", 1L).Execute());
        // It cannot finish while the lock is held, however long this takes. A negative check on a thread blocked in
        // SQLite's busy handler, waiting on another connection's lock: no event marks that it has not finished.
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        hold.CommandText = "COMMIT";
        hold.ExecuteNonQuery();
        Assert.Equal(1, await waiting);

        using var impatient = new SqliteConnection($"Data Source={Path.Combine(_directory, "t.db")};Pooling=False;Default Timeout=1");
        impatient.Open();
        hold.CommandText = "BEGIN IMMEDIATE";
        hold.ExecuteNonQuery();
        using var again = new SqliteStatement(impatient, Insert);
        var error = Assert.Throws<SqliteException>(() =>
            again.With("$id", 2L).With("$name", "b").With("$note", (string?)null).With("$body", (byte[]?)null).With("$at", 1L).Execute());
        Assert.Equal(5, error.SqliteErrorCode); // SQLITE_BUSY
        hold.CommandText = "ROLLBACK";
        hold.ExecuteNonQuery();
        Assert.Equal(1L, Count());
    }

    [Fact]
    public void Prepare_RefusesTwoStatementsAndBadSql_AndWith_RefusesAnUnknownName()
    {
        Assert.Throws<ArgumentException>(() => new SqliteStatement(_connection, "SELECT 1; SELECT 2"));
        Assert.Throws<SqliteException>(() => new SqliteStatement(_connection, "SELEC 1"));
        using var insert = new SqliteStatement(_connection, Insert);
        Assert.Contains("$nope", Assert.Throws<ArgumentException>(() => insert.With("$nope", 1L)).Message);
    }

    private long Count()
    {
        using var count = _connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM t";
        return (long)count.ExecuteScalar()!;
    }

    private string Row(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var r = command.ExecuteReader();
        Assert.True(r.Read());
        return string.Join(",", Enumerable.Range(0, r.FieldCount).Select(i => Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)));
    }

    public void Dispose()
    {
        _connection.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
