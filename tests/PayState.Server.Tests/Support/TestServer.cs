using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using PayState.Server.Hosting;

namespace PayState.Server.Tests.Support;

/// The real server on a loopback port with a real SQLite file, started in-process so a test can give it a
/// fake clock; restartable on the same file and clock.
public sealed class TestServer : IAsyncDisposable
{
    // 32 characters or more: outside sandbox mode the server refuses shorter ones.
    public const string AdminToken = "test-admin-token-0123456789abcdef";
    public const string ProcessorToken = "test-processor-token-0123456789ab";

    /// Where a test server's fake clock starts (FakeTimeProvider's own default is midnight, 1 January 2000).
    public static readonly DateTimeOffset ClockStart = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private readonly string? _schema;
    private WebApplication? _app;

    private TestServer(string databasePath, string? schema, FakeTimeProvider clock, Dictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        DatabasePath = databasePath;
        _schema = schema;
        Clock = clock;
        _settings = settings;
        _services = services;
    }

    /// The SQLite file, or for PostgreSQL the connection string (with this server's own schema).
    public string DatabasePath { get; }

    public Backend Backend => _schema is null ? Backend.Sqlite : Backend.Postgres;

    public FakeTimeProvider Clock { get; }

    /// Where a sandbox start writes the sandbox credentials.
    public string CredentialsFile => _settings["PAYSTATE_CREDENTIALS_FILE"]!;

    public Uri BaseUri { get; private set; } = new("http://127.0.0.1/");

    public HttpClient Http { get; } = new();

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is stopped.");

    /// services registers replacements (a fake DNS resolver) before the server's own, which then yield.
    public static async Task<TestServer> StartAsync(
        IDictionary<string, string?>? settings = null, FakeTimeProvider? clock = null, Action<IServiceCollection>? services = null,
        Backend backend = Backend.Sqlite, Func<string, string>? reachDatabaseBy = null)
    {
        var schema = backend == Backend.Postgres ? TestPostgres.NewSchema() : null;
        var path = schema is not null ? TestPostgres.ConnectionString(schema) : Path.Combine(Path.GetTempPath(), $"paystate-test-{Guid.NewGuid():N}.db");
        var all = new Dictionary<string, string?>
        {
            ["PAYSTATE_URLS"] = "http://127.0.0.1:0",
            // The server may reach PostgreSQL another way (through a test's proxy); the test's own reads go direct.
            ["PAYSTATE_DB"] = reachDatabaseBy?.Invoke(path) ?? path,
            ["PAYSTATE_ADMIN_TOKEN"] = AdminToken,
            ["PAYSTATE_PROCESSOR_TOKEN"] = ProcessorToken,
            ["PAYSTATE_SANDBOX"] = "true",
            // Each server its own: PostgreSQL's default is the working directory, which every server shares.
            ["PAYSTATE_CREDENTIALS_FILE"] = Path.Combine(Path.GetTempPath(), $"paystate-test-{Guid.NewGuid():N}.env"),
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        var server = new TestServer(path, schema, clock ?? new FakeTimeProvider(ClockStart), all, services);
        await server.StartAsync();
        return server;
    }

    /// Starts the server (again) on the same database file and clock, with settings changed as given.
    public async Task StartAsync(IDictionary<string, string?>? changes = null)
    {
        if (_app is not null) throw new InvalidOperationException("The server is running.");
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>()) _settings[key] = value;
        _app = PayStateHost.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(_settings);
            builder.Services.AddSingleton<TimeProvider>(Clock);
            _services?.Invoke(builder.Services);
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    public async Task StopAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    public async Task RestartAsync(IDictionary<string, string?>? changes = null)
    {
        await StopAsync();
        await StartAsync(changes);
    }

    /// A new merchant with one terminal, made through the admin API.
    public async Task<MerchantClient> CreateMerchantAsync(string name = "Shop", object? options = null)
    {
        var body = JsonSerializer.Serialize(options ?? new { name });
        using var created = await AdminAsync(HttpMethod.Post, "admin/v1/merchants", body);
        created.EnsureSuccessStatusCode();
        var merchantId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        return await CreateTerminalAsync(merchantId);
    }

    /// Another terminal of an existing merchant, with keys and a webhook secret of its own.
    public async Task<MerchantClient> CreateTerminalAsync(string merchantId)
    {
        using var terminal = await AdminAsync(HttpMethod.Post, $"admin/v1/merchants/{merchantId}/terminals", "");
        terminal.EnsureSuccessStatusCode();
        var t = JsonDocument.Parse(await terminal.Content.ReadAsStringAsync()).RootElement;
        return new MerchantClient(this, merchantId, t.GetProperty("terminal_uuid").GetString()!, t.GetProperty("api_key").GetString()!,
            t.GetProperty("api_secret").GetString()!, t.GetProperty("webhook_secret").GetString()!);
    }

    public Task<HttpResponseMessage> AdminAsync(HttpMethod method, string path, string? body = null) =>
        BearerAsync(method, path, body, AdminToken);

    public Task<HttpResponseMessage> ProcessorAsync(string path, string body) =>
        BearerAsync(HttpMethod.Post, path, body, ProcessorToken);

    /// Moves an order through the processor API, failing the test on anything but 200.
    public async Task<JsonElement> MoveOrderAsync(string uuid, string status)
    {
        using var response = await ProcessorAsync($"processor/v1/acquiring/order/{uuid}/status", JsonSerializer.Serialize(new { status }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Moving {uuid} to {status} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private Task<HttpResponseMessage> BearerAsync(HttpMethod method, string path, string? body, string token) =>
        BearerAsync(method, path, body is null ? null : Encoding.UTF8.GetBytes(body), token);

    /// A request with the admin or processor token and the body as given, byte for byte (it need not be valid UTF-8).
    public Task<HttpResponseMessage> BearerAsync(HttpMethod method, string path, byte[]? body, string token)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseUri, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json; charset=utf-8" } } };
        return Http.SendAsync(request);
    }

    /// Counts rows (those matching where, when given) straight from the database, to prove a refused request wrote nothing.
    public long CountRows(string table, string? where = null)
    {
        if (_schema is not null) return TestPostgres.CountRows(_schema, table, where);
        using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM {table} WHERE {where ?? "true"}";
        return (long)command.ExecuteScalar()!;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Http.Dispose();
        File.Delete(CredentialsFile);
        if (_schema is not null)
        {
            TestPostgres.DropSchema(_schema);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            try { File.Delete(DatabasePath + suffix); }
            catch (IOException) { /* best effort */ }
        }
    }
}
