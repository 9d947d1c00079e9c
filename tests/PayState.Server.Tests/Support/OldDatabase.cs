using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PayState.Server.Storage;

namespace PayState.Server.Tests.Support;

/// A database as an older build left it: the migrations up to a version applied (as the migrators apply them), and
/// rows written with that build's own statements. PAYSTATE_DB for a server started on it.
public sealed class OldDatabase : IDisposable
{
    private readonly Backend _backend;
    private readonly string _schema = TestPostgres.NewSchema();
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"paystate-old-{Guid.NewGuid():N}.db");

    public OldDatabase(Backend backend, int lastMigration)
    {
        _backend = backend;
        if (backend == Backend.Postgres) Execute($"CREATE SCHEMA \"{_schema}\"");
        Execute("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
        foreach (var (version, name, sql) in MigrationScripts.Load(backend == Backend.Postgres ? "Postgres" : "Sqlite").Where(m => m.Version <= lastMigration))
        {
            Execute(sql);
            Execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, 0)", ("v", version), ("n", name));
        }
    }

    public string ConnectionString => _backend == Backend.Postgres ? TestPostgres.ConnectionString(_schema) : _path;

    public Backend Backend => _backend;

    /// One statement with @named parameters.
    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }
        command.ExecuteNonQuery();
    }

    public long Scalar(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private DbConnection Open()
    {
        DbConnection connection = _backend == Backend.Postgres
            ? new NpgsqlConnection($"{TestPostgres.ConnectionString(_schema)};Pooling=false")
            : new SqliteConnection($"Data Source={_path};Pooling=false");
        connection.Open();
        return connection;
    }

    public void Dispose()
    {
        if (_backend == Backend.Postgres)
        {
            TestPostgres.DropSchema(_schema);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_path + suffix);
    }
}
