using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// One database the receiver tests keep their state in: in memory, a SQLite file, or a PostgreSQL schema of its own.
// NewStore is what one more process on the same database would open.
internal sealed class TestDatabase(string kind, Func<DbConnection>? connect)
{
    private readonly InMemoryWebhookStateStore _memory = new();

    public string Kind => kind;

    public bool IsSql => connect is not null;

    public Func<DbConnection> Connect => connect ?? throw new InvalidOperationException("An in-memory store has no database.");

    public IWebhookStateStore NewStore() => connect is null ? _memory : new SqlWebhookStateStore(connect);

    public ICursorStore NewCursorStore() => connect is null ? new InMemoryCursorStore() : new SqlCursorStore(connect);

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async Task<long> CountAsync(string sql)
    {
        await using var connection = Connect();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

// The state stores the receiver tests run against: the same behaviour is expected of each.
internal static class StoreKinds
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private static readonly ConcurrentBag<string> Files = [];
    private static readonly ConcurrentBag<string> Schemas = CleanUpOnExit();

    public static TheoryData<string> All => new() { Memory, Sqlite, Postgres };

    public static TheoryData<string> Sql => new() { Sqlite, Postgres };

    public static TestDatabase Create(string kind)
    {
        switch (kind)
        {
            case Memory:
                return new TestDatabase(kind, null);
            case Sqlite:
                var path = Path.Combine(Path.GetTempPath(), $"paystate-client-{Guid.NewGuid():N}.db");
                Files.Add(path);
                return new TestDatabase(kind, () => new SqliteConnection($"Data Source={path};Default Timeout=30"));
            default:
                var schema = TestPostgres.NewSchema();
                TestPostgres.Execute(schema, $"CREATE SCHEMA \"{schema}\"");
                Schemas.Add(schema);
                var connectionString = TestPostgres.ConnectionString(schema);
                return new TestDatabase(kind, () => new NpgsqlConnection(connectionString));
        }
    }

    public static async Task<IWebhookStateStore> CreateAsync(string kind)
    {
        var store = Create(kind).NewStore();
        if (store is SqlWebhookStateStore sql) await sql.EnsureCreatedAsync();
        return store;
    }

    // The SQLite files and PostgreSQL schemas go when the test run ends.
    private static ConcurrentBag<string> CleanUpOnExit()
    {
        var schemas = new ConcurrentBag<string>();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            foreach (var file in Files)
            {
                try { File.Delete(file); }
                catch (IOException) { /* best effort */ }
            }
            foreach (var schema in schemas)
            {
                try { TestPostgres.DropSchema(schema); }
                catch (NpgsqlException) { /* the cluster may be gone already */ }
            }
        };
        return schemas;
    }
}
