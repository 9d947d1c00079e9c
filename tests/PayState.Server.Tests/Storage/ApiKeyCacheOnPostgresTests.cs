using Microsoft.Extensions.Logging.Abstractions;
using PayState.Server.Events;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;
using PayState.Server.Storage.Postgres;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Storage;

/// Terminals by API key are cached in each process on PostgreSQL, and a write of a terminal in one process retires
/// them in every other (NOTIFY, heard by each process's listener).
public sealed class ApiKeyCacheOnPostgresTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _schema = TestPostgres.NewSchema();
    private readonly List<PostgresChangeListener> _listeners = [];
    private readonly WakeSignals _heardByB = new();
    private PostgresStore _a = null!;
    private PostgresStore _b = null!;

    public async Task InitializeAsync()
    {
        _a = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        _b = new PostgresStore(TestPostgres.ConnectionString(_schema), new FakeTimeProvider(T0));
        foreach (var store in new[] { _a, _b })
        {
            await store.MigrateAsync(CancellationToken.None);
            var signals = store == _b ? _heardByB : new WakeSignals();
            var listener = new PostgresChangeListener(store, new ObjectChangeFeed(), signals, NullLogger<PostgresChangeListener>.Instance);
            await listener.StartAsync(CancellationToken.None);
            _listeners.Add(listener);
        }
        await WaitUntilAsync(() => _a.ApiKeysHeard && _b.ApiKeysHeard);
    }

    public async Task DisposeAsync()
    {
        foreach (var listener in _listeners) await listener.StopAsync(CancellationToken.None);
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        TestPostgres.DropSchema(_schema);
    }

    [Fact]
    public async Task A_rotation_in_one_process_retires_the_terminal_cached_in_the_other()
    {
        var terminal = new TerminalRecord("t1", "m1", "key_1", "secret_1", "whsec_1", null, null, T0);
        await _a.WriteAsync(tx =>
        {
            tx.InsertMerchant(new MerchantRecord("m1", "Shop", false, null, null, new Dictionary<string, string>(), T0));
            tx.InsertTerminal(terminal);
            return true;
        });
        await BHeardAllOfAAsync();
        Assert.Equal("secret_1", (await _b.FindTerminalByApiKeyAsync("key_1", CancellationToken.None))?.ApiSecret);

        // A change made behind PayState's back (no NOTIFY) is not seen: B answers from its cache.
        TestPostgres.Execute(_schema, "UPDATE terminals SET api_secret = 'unseen' WHERE id = 't1'");
        Assert.Equal("secret_1", (await _b.FindTerminalByApiKeyAsync("key_1", CancellationToken.None))?.ApiSecret);

        await _a.WriteAsync(tx =>
        {
            tx.UpdateTerminal(terminal with { ApiSecret = "secret_2" });
            return true;
        });

        Assert.Equal("secret_2", (await _a.FindTerminalByApiKeyAsync("key_1", CancellationToken.None))?.ApiSecret);
        await WaitUntilAsync(async () => (await _b.FindTerminalByApiKeyAsync("key_1", CancellationToken.None))?.ApiSecret == "secret_2");
    }

    [Fact]
    public async Task A_disable_in_one_process_retires_the_terminal_cached_in_the_other()
    {
        var terminal = new TerminalRecord("t1", "m1", "key_1", "secret_1", "whsec_1", null, null, T0);
        await _a.WriteAsync(tx =>
        {
            tx.InsertMerchant(new MerchantRecord("m1", "Shop", false, null, null, new Dictionary<string, string>(), T0));
            tx.InsertTerminal(terminal);
            return true;
        });
        await BHeardAllOfAAsync();
        Assert.False((await _b.FindTerminalByApiKeyAsync("key_1", CancellationToken.None))!.Disabled);

        await _a.WriteAsync(tx =>
        {
            tx.UpdateTerminal(terminal with { Disabled = true });
            return true;
        });

        await WaitUntilAsync(async () => (await _b.FindTerminalByApiKeyAsync("key_1", CancellationToken.None))!.Disabled);
    }

    /// Returns once B has heard every notice A committed so far: A's timer notice comes after them (NOTIFYs arrive in
    /// commit order), and B's listener wakes the timer loop for it.
    private async Task BHeardAllOfAAsync()
    {
        using var give = new CancellationTokenSource(Patience);
        // The wake of B's subscription, remembered until a wait takes it.
        await _heardByB.Timers.WaitAsync(null, TimeProvider.System, give.Token);
        await _a.WriteAsync(tx =>
        {
            tx.SetTimer(new TimerRecord("probe", "probe", T0));
            return true;
        });
        await _heardByB.Timers.WaitAsync(null, TimeProvider.System, give.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition) => await WaitUntilAsync(() => Task.FromResult(condition()));

    /// Polls until the other process has heard: a NOTIFY comes as soon as the writer commits, but on its own connection.
    private static Task WaitUntilAsync(Func<Task<bool>> condition) => Eventually.HoldsAsync(condition, "the other process heard", Patience);
}
