using Npgsql;

namespace PayState.Bench;

/// What one setup runs on: the receiver, N server processes on one database, a terminal, and clients.
public sealed class Rig : IAsyncDisposable
{
    public const int Concurrency = 64;

    private readonly string? _postgres;
    private readonly string _schema;
    private readonly string _location;
    private readonly DelayRelay? _relay;
    private readonly TimeSpan _relayDelay;

    private Rig(string? postgres, TimeSpan relayDelay)
    {
        _postgres = postgres;
        _relayDelay = relayDelay;
        _schema = $"bench_{Guid.NewGuid():N}";
        if (postgres is null)
        {
            _location = Path.Combine(Path.GetTempPath(), $"paystate-bench-{Guid.NewGuid():N}.db");
            return;
        }
        var servers = new NpgsqlConnectionStringBuilder(postgres) { SearchPath = _schema };
        Database = new PostgresCpu(servers.ConnectionString);
        if (relayDelay > TimeSpan.Zero)
        {
            // The server processes reach PostgreSQL through the relay; the bench's own queries go straight.
            _relay = DelayRelay.To(servers.Host!, servers.Port, TimeSpan.Zero);
            servers.Host = "127.0.0.1";
            servers.Port = _relay.Port;
        }
        _location = servers.ConnectionString;
    }

    /// The CPU PostgreSQL's processes use, or null on SQLite (whose work is inside the server processes).
    public PostgresCpu? Database { get; }

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
    public static async Task<Rig> StartAsync(string? postgres, int processes, TimeSpan relayDelay = default, IReadOnlyDictionary<string, string>? settings = null)
    {
        var rig = new Rig(postgres, relayDelay) { Receiver = await Receiver.StartAsync() };
        for (var i = 0; i < processes; i++) rig.Nodes.Add(await ServerNode.StartAsync(rig._location, Concurrency, settings));
        rig.Api = await BenchApi.WithNewTerminalAsync(rig.Http, rig.Nodes[0].BaseUri);
        rig.Receiver.Secret = rig.Api.WebhookSecret;
        return rig;
    }

    /// Puts the relay's delay on (the measured phase) or off (warming up); says what a round trip then takes, since
    /// the timer's grain and a busy machine add to the delay asked for.
    public async Task DelayAsync(bool on)
    {
        if (_relay is null) return;
        _relay.Delay = on ? _relayDelay : TimeSpan.Zero;
        if (on) Console.WriteLine($"  a round trip to PostgreSQL through the relay: {await RelayRoundTripAsync()}");
    }

    private async Task<Percentiles> RelayRoundTripAsync()
    {
        await using var connection = new NpgsqlConnection(_location);
        await connection.OpenAsync();
        await using var ping = new NpgsqlCommand("SELECT 1", connection);
        var took = new double[50];
        for (var i = 0; i < took.Length; i++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await ping.ExecuteScalarAsync();
            took[i] = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return new Percentiles(took);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        if (_relay is not null) await _relay.DisposeAsync();
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
