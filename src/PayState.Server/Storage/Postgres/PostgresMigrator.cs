using Npgsql;

namespace PayState.Server.Storage.Postgres;

/// Applies the embedded PostgreSQL migrations not yet recorded, each in its own transaction.
internal static class PostgresMigrator
{
    public static async Task ApplyAsync(NpgsqlConnection connection, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        var applied = new HashSet<int>();
        await using (var list = new NpgsqlCommand(StoreSql.AppliedMigrations, connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) applied.Add(reader.GetInt32(0));
        }
        foreach (var (version, name, sql) in MigrationScripts.Load("Postgres"))
        {
            if (applied.Contains(version)) continue;
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (var migrate = new NpgsqlCommand(sql, connection, tx))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await using (var record = new NpgsqlCommand(StoreSql.RecordMigration, connection, tx))
            {
                record.Parameters.AddWithValue("@v", version);
                record.Parameters.AddWithValue("@n", name);
                record.Parameters.AddWithValue("@t", UnixMicros.From(now));
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
