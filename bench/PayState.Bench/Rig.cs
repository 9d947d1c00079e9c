using Npgsql;

namespace PayState.Bench;

/// What one setup runs on: the receiver, N server processes on one database, a terminal, and clients.
public sealed class Rig : IAsyncDisposable
{
    public const int Concurrency = 64;

    private readonly string? _postgres;
    private readonly string _schema;
    private readonly string _location;

    private Rig(string? postgres)
    {
        _postgres = postgres;
        _schema = $"bench_{Guid.NewGuid():N}";
        _location = postgres is null ? Path.Combine(Path.GetTempPath(), $"paystate-bench-{Guid.NewGuid():N}.db") : $"{postgres};Search Path={_schema}";
    }

    public required Receiver Receiver { get; init; }

    /// The PostgreSQL server the setup runs on (its schema: Schema), or null for a SQLite file (DatabasePath).
    public string? Postgres => _postgres;

    public string Schema => _schema;

    public string DatabasePath => _location;

    public List<ServerNode> Nodes { get; } = [];

    public HttpClient Http { get; } = Bench.Http.Pooled(Concurrency);

    public BenchApi Api { get; private set; } = null!;

    /// The API on the node that takes request i (round robin).
    public BenchApi ApiFor(int i) => Nodes.Count == 1 ? Api : Api.On(Nodes[i % Nodes.Count].BaseUri);

    /// settings: PAYSTATE_* values the servers take beside the rig's own (a retention, for the steady run).
    public static async Task<Rig> StartAsync(string? postgres, int processes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var rig = new Rig(postgres) { Receiver = await Receiver.StartAsync() };
        for (var i = 0; i < processes; i++) rig.Nodes.Add(await ServerNode.StartAsync(rig._location, Concurrency, settings));
        rig.Api = await BenchApi.WithNewTerminalAsync(rig.Http, rig.Nodes[0].BaseUri);
        rig.Receiver.Secret = rig.Api.WebhookSecret;
        return rig;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        Http.Dispose();
        await Receiver.DisposeAsync();
        if (_postgres is not null) await DropSchemaAsync();
        // Profiling aid: BENCH_KEEP_DB=1 leaves the SQLite file for a look at what it holds (sqlite3's dbstat).
        else if (Environment.GetEnvironmentVariable("BENCH_KEEP_DB") == "1") Console.WriteLine($"kept {_location}");
        else foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(_location + suffix);
    }

    private async Task DropSchemaAsync()
    {
        await using var connection = new NpgsqlConnection(_postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{_schema}\" CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }
}
