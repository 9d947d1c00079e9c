using System.Buffers;
using System.Diagnostics;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace PayState.Server.Storage.Sqlite;

/// One statement prepared once on a connection and run through SQLite's own API, for the writer's few statements
/// of every change and outcome. Microsoft.Data.Sqlite looks every parameter up by name on each run, boxes it into
/// a new parameter object, encodes each string into a new array and wraps every run in a reader; here a parameter
/// is found by name in a table built at prepare time and bound in place.
/// Every parameter must be bound before each run: a run never sees the last run's values.
internal sealed class SqliteStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;
    private readonly Dictionary<string, int> _parameters = new(StringComparer.Ordinal);
    private readonly ulong _all;
    private readonly TimeSpan _busyTimeout;
    private ulong _bound;

    public SqliteStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        _busyTimeout = TimeSpan.FromSeconds(connection.DefaultTimeout);
        var rc = raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement, out string tail);
        SqliteException.ThrowExceptionForRC(rc, _db);
        if (!string.IsNullOrWhiteSpace(tail))
        {
            _statement.Dispose();
            throw new ArgumentException("A prepared statement holds one SQL statement.", nameof(sql));
        }
        var count = raw.sqlite3_bind_parameter_count(_statement);
        if (count > 64) throw new ArgumentException("A prepared statement takes at most 64 parameters.", nameof(sql));
        for (var i = 1; i <= count; i++) _parameters[raw.sqlite3_bind_parameter_name(_statement, i).utf8_to_string()] = i;
        _all = count == 64 ? ulong.MaxValue : (1UL << count) - 1;
    }

    public SqliteStatement With(string name, long value)
    {
        var index = Index(name);
        return Bound(index, raw.sqlite3_bind_int64(_statement, index, value));
    }

    public SqliteStatement With(string name, long? value) => value is { } v ? With(name, v) : Null(name);

    public SqliteStatement With(string name, DateTimeOffset value) => With(name, UnixMicros.From(value));

    public SqliteStatement With(string name, DateTimeOffset? value) => value is { } v ? With(name, UnixMicros.From(v)) : Null(name);

    public SqliteStatement With(string name, string? value)
    {
        if (value is null) return Null(name);
        var index = Index(name);
        // SQLite's span binding reads an empty span as NULL; the string overload binds "" as empty text.
        if (value.Length == 0) return Bound(index, raw.sqlite3_bind_text(_statement, index, ""));
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(value, buffer);
            // SQLITE_TRANSIENT: SQLite copies the text, so the buffer goes back to the pool at once.
            return Bound(index, raw.sqlite3_bind_text(_statement, index, buffer.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public SqliteStatement With(string name, byte[]? value)
    {
        if (value is null) return Null(name);
        var index = Index(name);
        // As with text, an empty span would bind NULL.
        return Bound(index, value.Length == 0
            ? raw.sqlite3_bind_zeroblob(_statement, index, 0)
            : raw.sqlite3_bind_blob(_statement, index, value));
    }

    /// Runs the statement to its end; the number of rows it changed.
    public int Execute()
    {
        Run(out _);
        return raw.sqlite3_changes(_db);
    }

    /// Runs the statement to its end; the first column of its first row (RETURNING), or null with no row.
    public long? FirstInt64()
    {
        Run(out var first);
        return first;
    }

    /// Runs a query for its first row, mapped while the statement is on it; null with no row.
    public T? Single<T>(Func<SqliteStatement, T> map) where T : class
    {
        try
        {
            var rc = FirstStep();
            if (rc == raw.SQLITE_ROW) return map(this);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
            return null;
        }
        finally
        {
            Reset();
        }
    }

    // The row the statement is on, read by column as StoreRows reads a data reader's.
    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    public int Int32(int column) => raw.sqlite3_column_int(_statement, column);

    public DateTimeOffset Time(int column) => UnixMicros.ToTime(raw.sqlite3_column_int64(_statement, column));

    private void Run(out long? first)
    {
        first = null;
        try
        {
            var rc = FirstStep();
            for (; rc == raw.SQLITE_ROW; rc = raw.sqlite3_step(_statement))
                first ??= raw.sqlite3_column_int64(_statement, 0);
            if (rc != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            Reset();
        }
    }

    /// A run's first step, once every parameter is bound (the caller resets the statement either way). As
    /// Microsoft.Data.Sqlite does, a database busy or locked by another connection (another process holding the
    /// write lock, a backup) is waited for up to the connection's timeout, not reported at once.
    private int FirstStep()
    {
        if (_bound != _all) throw Unbound();
        var rc = raw.sqlite3_step(_statement);
        if (!IsBusy(rc)) return rc;
        var started = Stopwatch.GetTimestamp();
        while (IsBusy(rc) && Stopwatch.GetElapsedTime(started) < _busyTimeout)
        {
            raw.sqlite3_reset(_statement); // keeps the bound values
            Thread.Sleep(10);
            rc = raw.sqlite3_step(_statement);
        }
        return rc;
    }

    private static bool IsBusy(int rc) => (rc & 0xFF) is raw.SQLITE_BUSY or raw.SQLITE_LOCKED;

    // At once after each run: a statement left mid-way would hold its read of the database open.
    private void Reset()
    {
        raw.sqlite3_reset(_statement);
        raw.sqlite3_clear_bindings(_statement);
        _bound = 0;
    }

    private SqliteStatement Null(string name)
    {
        var index = Index(name);
        return Bound(index, raw.sqlite3_bind_null(_statement, index));
    }

    private int Index(string name) =>
        _parameters.TryGetValue(name, out var index) ? index : throw new ArgumentException($"The statement has no parameter {name}.", nameof(name));

    private SqliteStatement Bound(int index, int rc)
    {
        SqliteException.ThrowExceptionForRC(rc, _db);
        _bound |= 1UL << (index - 1);
        return this;
    }

    private InvalidOperationException Unbound() => new(
        $"Parameters not bound: {string.Join(", ", _parameters.Where(p => (_bound & (1UL << (p.Value - 1))) == 0).Select(p => p.Key))}.");

    public void Dispose() => _statement.Dispose();
}
