using Microsoft.Data.Sqlite;
using Npgsql;

namespace PayState.Bench;

/// The database's size as an operator would see it: the SQLite file after a checkpoint has moved the WAL into it
/// (and how much of it is pages in use), or the total size of the tables and indexes of PostgreSQL's schema.
public sealed record StorageSize(long Bytes, long UsedBytes, IReadOnlyDictionary<string, long> ByTable)
{
    public static async Task<StorageSize> ReadAsync(Rig rig) =>
        rig.Postgres is { } postgres ? await PostgresAsync(postgres, rig.Schema) : await SqliteAsync(rig.DatabasePath);

    /// Growth from before to this size, per unit of work: e.g. "1,234 bytes per change (file 5.1 → 11.3 MB, in use 1,180)".
    public string Per(StorageSize before, string unit, int count) =>
        $"{(Bytes - before.Bytes) / (double)Math.Max(count, 1):N0} bytes per {unit} ({(Bytes - before.Bytes) / 1048576.0:0.0} MB grown, " +
        $"{Bytes / 1048576.0:0.0} MB now; pages in use {(UsedBytes - before.UsedBytes) / (double)Math.Max(count, 1):N0} bytes per {unit}" +
        (ByTable.Count == 0 ? "" : "; by table: ") + string.Join(", ", ByTable.Select(t => (t.Key, Grown: t.Value - before.ByTable.GetValueOrDefault(t.Key))).Where(t => t.Grown != 0)
            .OrderByDescending(t => t.Grown).Select(t => $"{t.Key} {t.Grown / (double)Math.Max(count, 1):N0}")) + ")";

    private static async Task<StorageSize> SqliteAsync(string path)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=false;Default Timeout=30");
        await connection.OpenAsync();
        // TRUNCATE waits for the server's readers and writer to let go, then empties the WAL into the file.
        await ScalarAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
        var pageSize = await ScalarAsync(connection, "PRAGMA page_size");
        var pages = await ScalarAsync(connection, "PRAGMA page_count");
        var free = await ScalarAsync(connection, "PRAGMA freelist_count");
        return new StorageSize(new FileInfo(path).Length, (pages - free) * pageSize, await SqliteTablesAsync(connection));
    }

    // dbstat, when the SQLite build has it (the one Microsoft.Data.Sqlite bundles does not): sqlite3 paystate.db
    // "SELECT name, sum(pgsize) FROM dbstat GROUP BY name" reads the same on a kept file.
    private static async Task<Dictionary<string, long>> SqliteTablesAsync(SqliteConnection connection)
    {
        try
        {
            return await TablesAsync(connection,
                "SELECT coalesce(i.tbl_name, s.name), sum(s.pgsize) FROM dbstat s LEFT JOIN sqlite_schema i ON i.name = s.name GROUP BY 1");
        }
        catch (SqliteException)
        {
            return [];
        }
    }

    /// Each table's bytes with its indexes.
    private static async Task<Dictionary<string, long>> TablesAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new Dictionary<string, long>();
        while (await reader.ReadAsync()) tables[reader.GetString(0)] = reader.GetInt64(1);
        return tables;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<StorageSize> PostgresAsync(string postgres, string schema)
    {
        await using var connection = new NpgsqlConnection(postgres);
        await connection.OpenAsync();
        var tables = await TablesAsync(connection, $"""
            SELECT c.relname::text, pg_total_relation_size(c.oid) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = '{schema}' AND c.relkind IN ('r', 'p')
            """);
        var bytes = tables.Values.Sum();
        return new StorageSize(bytes, bytes, tables);
    }
}
