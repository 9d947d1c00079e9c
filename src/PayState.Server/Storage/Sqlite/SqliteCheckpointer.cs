using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// Copies the WAL back into the database file on a connection and thread of its own. SQLite's automatic
/// checkpoint runs inside whichever commit crosses 1,000 pages, on the single writer: under load that was a
/// third of the writer's write calls plus an extra fsync, stalling every change queued behind it. Passive
/// checkpoints never block the writer, and at most one runs per interval, so a page rewritten by many
/// batches is copied once.
internal sealed class SqliteCheckpointer : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    // Under constant writes a passive checkpoint may never see the WAL quiet enough to start it over; past
    // this many pages one checkpoint waits for the writer and resets it (SQLite's busy timeout bounds the wait).
    private const long RestartAbovePages = 16_384;

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _committed = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopping;

    public SqliteCheckpointer(SqliteConnection connection)
    {
        _connection = connection;
        _thread = new Thread(Run) { IsBackground = true, Name = "SQLite checkpoint" };
        _thread.Start();
    }

    /// The writer committed: a checkpoint is due within the interval.
    public void Committed()
    {
        if (_committed.CurrentCount == 0)
        {
            try { _committed.Release(); }
            catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    private void Run()
    {
        while (true)
        {
            _committed.Wait();
            if (_stopping) return;
            Thread.Sleep(Interval);
            try
            {
                if (Checkpoint("PASSIVE") > RestartAbovePages) Checkpoint("RESTART");
            }
            catch (SqliteException)
            {
                // A checkpoint that fails (busy, I/O) leaves the WAL as it was: the next commit asks again.
            }
        }
    }

    /// Returns the pages the WAL holds after the checkpoint.
    private long Checkpoint(string mode)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        using var reader = command.ExecuteReader();
        return reader.Read() ? reader.GetInt64(1) : 0;
    }

    public void Dispose()
    {
        _stopping = true;
        Committed();
        _thread.Join();
        _committed.Dispose();
        _connection.Dispose();
    }
}
