using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// Read connections kept open with their prepared statements: a status read then costs one step of a
/// statement prepared long ago, not an open, a prepare and a finalize. WAL lets them read beside the writer,
/// each statement seeing the last commit.
internal sealed class SqliteReaderPool(string connectionString) : IDisposable
{
    // Enough for the threads that read at once on a small machine; beyond it connections are opened and closed.
    private const int MaxIdle = 32;

    private readonly ConcurrentBag<Reader> _idle = [];
    // The bag's own Count takes every thread's lock, on every read: counted here instead.
    private int _idleCount;
    private volatile bool _disposed;

    public T Read<T>(Func<SqliteCommandCache, T> query)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = TryTake(out var idle) ? idle : Reader.Open(connectionString);
        T result;
        try
        {
            result = query(reader.Commands);
        }
        catch
        {
            // The connection's state after a failure is not worth trusting: drop it.
            reader.Dispose();
            throw;
        }
        Return(reader);
        return result;
    }

    /// Drops the page caches of the connections idle now (each keeps up to 2 MB of pages it read). Called every
    /// few seconds: a read after it fetches its few pages again from the operating system's cache.
    public void ReleaseIdleMemory()
    {
        var idle = new List<Reader>();
        for (var n = Volatile.Read(ref _idleCount); n > 0 && TryTake(out var reader); n--) idle.Add(reader);
        foreach (var reader in idle)
        {
            try
            {
                reader.ShrinkMemory();
            }
            catch (SqliteException)
            {
                // As after a failed read: the connection is dropped, and the others still go back.
                reader.Dispose();
                continue;
            }
            Return(reader);
        }
    }

    // Reads running meanwhile may have opened connections of their own: the limit holds for both.
    private void Return(Reader reader)
    {
        if (_disposed || Volatile.Read(ref _idleCount) >= MaxIdle)
        {
            reader.Dispose();
            return;
        }
        Interlocked.Increment(ref _idleCount);
        _idle.Add(reader);
    }

    private bool TryTake([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Reader reader)
    {
        if (!_idle.TryTake(out reader)) return false;
        Interlocked.Decrement(ref _idleCount);
        return true;
    }

    public void Dispose()
    {
        _disposed = true;
        while (TryTake(out var reader)) reader.Dispose();
    }

    private sealed class Reader(SqliteConnection connection) : IDisposable
    {
        public SqliteCommandCache Commands { get; } = new(connection);

        public static Reader Open(string connectionString)
        {
            var connection = new SqliteConnection(connectionString);
            connection.Open();
            return new Reader(connection);
        }

        public void ShrinkMemory()
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA shrink_memory";
            command.ExecuteNonQuery();
        }

        public void Dispose()
        {
            Commands.Dispose();
            connection.Dispose();
        }
    }
}
