using System.Diagnostics;
using Npgsql;

namespace PayState.Server.Tests.Support;

public enum Backend
{
    Sqlite,
    Postgres,
}

/// The PostgreSQL the tests use: PAYSTATE_TEST_POSTGRES when set (.ci/run starts a cluster and sets it),
/// otherwise a throwaway cluster the tests start themselves with scripts/test-postgres and stop at exit.
/// Every test server gets a schema of its own, dropped afterwards.
public static class TestPostgres
{
    private static readonly Lazy<string> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string NewSchema() => $"t_{Guid.NewGuid():N}";

    // A small pool per test server: many run in parallel against one cluster.
    public static string ConnectionString(string schema) => $"{Server.Value};Search Path={schema};Maximum Pool Size=20";

    public static void DropSchema(string schema)
    {
        using var connection = new NpgsqlConnection($"{Server.Value};Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        command.ExecuteNonQuery();
    }

    public static void Execute(string schema, string sql)
    {
        using var connection = new NpgsqlConnection($"{ConnectionString(schema)};Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public static long Scalar(string schema, string sql)
    {
        using var connection = new NpgsqlConnection($"{ConnectionString(schema)};Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static long CountRows(string schema, string table, string? where = null)
    {
        using var connection = new NpgsqlConnection($"{ConnectionString(schema)};Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand($"SELECT count(*) FROM {table} WHERE {where ?? "true"}", connection);
        return (long)command.ExecuteScalar()!;
    }

    /// A cluster of a test's own, for a test that takes the database down and up again.
    public static (string ConnectionString, string Dir) StartOwnCluster()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"paystate-pg-own-{Guid.NewGuid():N}");
        return (Script("start", dir), dir);
    }

    public static void Pause(string dir) => Script("pause", dir);

    public static void Resume(string dir) => Script("resume", dir);

    public static void StopOwnCluster(string dir) => Script("stop", dir);

    private static string Start()
    {
        var configured = Environment.GetEnvironmentVariable("PAYSTATE_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(configured)) return configured.Trim();
        var dir = Path.Combine(Path.GetTempPath(), $"paystate-pg-{Guid.NewGuid():N}");
        var connectionString = Script("start", dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Script("stop", dir);
        return connectionString;
    }

    private static string Script(string command, string dir)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(Repository.Root, "scripts", "test-postgres"));
        start.ArgumentList.Add(command);
        start.ArgumentList.Add(dir);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/test-postgres {command} failed ({process.ExitCode}): {error} (set PAYSTATE_TEST_POSTGRES to use a running server)");
        return output.Trim();
    }
}

public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PayState.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("PayState.slnx not found above the test binaries.");
    }
}
