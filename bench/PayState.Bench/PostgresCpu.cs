using System.Globalization;
using Npgsql;

namespace PayState.Bench;

/// The CPU time of a PostgreSQL server's processes (the postmaster and its children: backends, WAL writer,
/// checkpointer, autovacuum), read from /proc, so a run can say how busy the machine's cores were with all of it.
public sealed class PostgresCpu(string connectionString)
{
    private int? _postmaster;

    public TimeSpan Read()
    {
        _postmaster ??= FindPostmaster();
        var ticks = 0L;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            if (Stat(pid) is { } stat && (pid == _postmaster || stat.Parent == _postmaster)) ticks += stat.Ticks;
        }
        // The kernel counts in clock ticks of 10 ms (USER_HZ 100).
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// The parent of a backend serving this bench is the postmaster (PostgreSQL runs on this machine, as the bench
    /// requires).
    private int FindPostmaster()
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pg_backend_pid()", connection);
        var backend = (int)command.ExecuteScalar()!;
        return Stat(backend)?.Parent ?? throw new InvalidOperationException("PostgreSQL's processes are not visible in /proc: is it on this machine?");
    }

    /// The parent and the user and system time of a process, from /proc/PID/stat; null when it is gone.
    private static (int Parent, long Ticks)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The name, in parentheses, may hold spaces: fields are counted after its closing one.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1], CultureInfo.InvariantCulture),
            long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture));
    }
}
