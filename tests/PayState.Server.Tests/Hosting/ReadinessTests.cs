using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Npgsql;
using PayState.Server.Delivery;
using PayState.Server.Tests.Metrics;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// /readyz: the database answers with every migration applied, and the delivery dispatcher's loop lives.
/// /healthz: the process serves requests, whatever the database or the dispatcher do.
public abstract class ReadinessTests(Backend backend) : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(backend: backend);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Ready_DatabaseUpAndDispatcherIdle_Answers200()
    {
        await Eventually.HoldsAsync(async () => (await ReadyAsync()).Status == 200, "ready");
        var (status, body) = await ReadyAsync();

        Assert.Equal(200, status);
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("database").GetBoolean());
        Assert.True(body.GetProperty("dispatcher").GetString() is "idle" or "running");
        Assert.False(body.TryGetProperty("failing", out _));
    }

    [Fact]
    public async Task Ready_DispatcherStopped_Answers503NamingTheDispatcher()
    {
        // Hosted services run ExecuteAsync in the background: let the loop start before stopping it.
        await Eventually.HoldsAsync(async () => (await ReadyAsync()).Status == 200, "ready");
        var dispatcher = _server.Services.GetServices<IHostedService>().OfType<DeliveryDispatcher>().Single();
        await dispatcher.StopAsync(CancellationToken.None);

        var (status, body) = await ReadyAsync();

        Assert.Equal(503, status);
        Assert.Equal("stopped", body.GetProperty("dispatcher").GetString());
        Assert.True(body.GetProperty("database").GetBoolean());
        Assert.Equal(["dispatcher"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(0, (await PrometheusScrape.FetchAsync(_server)).Value("paystate_dispatcher_up"));
    }

    [Fact]
    public async Task Ready_DispatcherSwitchedOff_IsReady()
    {
        await _server.RestartAsync(new Dictionary<string, string?> { ["PAYSTATE_DISPATCHER"] = "false" });

        var (status, body) = await ReadyAsync();

        Assert.Equal(200, status);
        Assert.Equal("disabled", body.GetProperty("dispatcher").GetString());
    }

    [Fact]
    public async Task Ready_LatestMigrationMissing_Answers503NamingTheDatabase()
    {
        Execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");

        var (status, body) = await ReadyAsync();

        Assert.Equal(503, status);
        Assert.False(body.GetProperty("database").GetBoolean());
        Assert.Equal(["database"], body.GetProperty("failing").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Health_ServerServing_Answers200WithoutCredentials()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "healthz"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_NotReady_StillAnswers200()
    {
        // Liveness is not readiness: an orchestrator must not restart a process only because its database lags.
        Execute("DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)");
        Assert.Equal(503, (await ReadyAsync()).Status);

        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "healthz"));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }

    private async Task<(int Status, JsonElement Body)> ReadyAsync()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "readyz"));
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private void Execute(string sql)
    {
        using DbConnection connection = _server.Backend == Backend.Sqlite
            ? new SqliteConnection($"Data Source={_server.DatabasePath};Pooling=False")
            : new NpgsqlConnection($"{_server.DatabasePath};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

public sealed class ReadinessTestsOnSqlite() : ReadinessTests(Backend.Sqlite);

public sealed class ReadinessTestsOnPostgres() : ReadinessTests(Backend.Postgres);
