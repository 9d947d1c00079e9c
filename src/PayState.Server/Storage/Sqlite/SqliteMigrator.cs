using Microsoft.Data.Sqlite;

namespace PayState.Server.Storage.Sqlite;

/// Applies the embedded, numbered SQL files in order, each in its own transaction, once.
internal static class SqliteMigrator
{
    public static void Apply(SqliteConnection connection, DateTimeOffset now)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        var applied = new HashSet<long>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = StoreSql.AppliedMigrations;
            using var reader = list.ExecuteReader();
            while (reader.Read()) applied.Add(reader.GetInt64(0));
        }

        foreach (var (version, name, sql) in MigrationScripts.Load("Sqlite"))
        {
            if (applied.Contains(version)) continue;
            using var tx = connection.BeginTransaction();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = sql;
                command.ExecuteNonQuery();
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = tx;
                record.CommandText = StoreSql.RecordMigration;
                record.Parameters.AddWithValue("@v", version);
                record.Parameters.AddWithValue("@n", name);
                record.Parameters.AddWithValue("@t", UnixMicros.From(now));
                record.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
