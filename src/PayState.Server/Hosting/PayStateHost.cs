using PayState.Server.Accounts;
using PayState.Server.Acquiring;
using PayState.Server.Acquiring.Chain;
using PayState.Server.Checkout;
using PayState.Server.Dashboard;
using PayState.Server.Delivery;
using PayState.Server.Events;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;
using PayState.Server.Storage.Postgres;
using PayState.Server.Storage.Sqlite;
using PayState.Server.Telemetry;
using PayState.Server.Verification;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PayState.Server.Hosting;

/// Builds the server. Tests use the same entry with their own configuration, clock and port.
public static class PayStateHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
        // The antiforgery keys sit unencrypted in the database beside the API secrets, which are too: nothing to warn about.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        configure?.Invoke(builder);
        builder.Logging.AddPayStateLogFormat(builder.Configuration).WithoutRequestDiagnostics(builder.Configuration);
        var options = PayStateOptions.From(builder.Configuration, builder.Environment);
        // The port first: a port in use stops the start before the database is opened or a credential printed.
        var listeners = ListenReservation.Take(options.Urls);
        builder.WebHost.UseUrls(options.Urls).UseSockets(s => s.CreateBoundListenSocket = listeners.CreateListenSocket);
        // The slim builder leaves HTTPS out: with it, an https:// URL and a certificate in Kestrel's configuration work.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
            k.Limits.MaxConcurrentConnections = ConnectionLimit.For(options);
        });
        AddServices(builder.Services, options);
        builder.Services.AddPayStateMetrics().AddPayStateTelemetry(builder.Configuration).AddPayStateOpenApi(options.PublicUrl)
            .AddTrustedProxies(options);
        // The kinds of payment objects, each one plug; the dashboard lists them in this order.
        builder.Services.AddAcquiring(builder.Configuration, options.Sandbox).AddCheckouts().AddVerification();
        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(listeners.Dispose);
        app.Lifetime.ApplicationStopping.Register(listeners.Dispose);
        app.UseTrustedProxies(options);
        app.MapMetrics(options.MetricsToken).MapPayStateOpenApi();
        app.UseMiddleware<ApiErrorMiddleware>();
        // Only endpoints that name a policy (the checkout wait) answer cross-origin requests.
        app.UseCors();
        // Only endpoints that name a policy (dashboard sign-in) are rate limited.
        app.UseRateLimiter();
        app.MapHealth();
        app.MapAdmin();
        app.MapObjectKinds();
        app.MapEvents();
        app.MapDeliveries();
        app.MapDashboard(options.Sandbox);
        if (options.Sandbox && app.Services.GetRequiredService<ChainOptions>().Watched.Count > 0) app.MapSandboxPayments();
        return app;
    }

    private static void AddServices(IServiceCollection services, PayStateOptions options)
    {
        services.AddSingleton(options);
        // A clock registered by the caller (a test's fake) wins over the system clock.
        services.TryAddSingleton(TimeProvider.System);
        if (options.IsPostgres)
            services.AddStore(sp => new PostgresStore(options.Database, sp.GetRequiredService<TimeProvider>(), options.CommitCheck));
        else
            services.AddStore(sp => new SqliteStore(options.Database, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ServiceTokens>();
        services.AddSingleton<RequestLogBudget>();
        services.AddSingleton(sp => new SandboxMerchant(sp.GetRequiredService<IStore>(), options, sp.GetRequiredService<TimeProvider>(), Console.Out));
        services.AddSingleton<WakeSignals>();
        services.AddSingleton<ObjectChangeFeed>();
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<ObjectChangeFeed>());
        services.AddSingleton<ObjectReads>();
        services.AddSingleton<DeliveryAttemptFeed>();
        services.AddSingleton<ObjectKinds>();
        services.AddSingleton<LifecycleEngine>();
        services.AddSingleton<MerchantAuthFilter>();
        services.TryAddSingleton<IHostResolver, SystemHostResolver>();
        services.AddSingleton(sp => new WebhookUrlPolicy(options.Sandbox, sp.GetRequiredService<IHostResolver>(), options.WebhookAllow));

        var delivery = new DeliveryOptions
        {
            Schedule = options.Schedule,
            AttemptTimeout = options.AttemptTimeout,
            Enabled = options.DispatcherEnabled,
            MaxConcurrency = options.DeliveryConcurrency,
            MaxPerHost = options.DeliveryPerHost,
            MaxPerMerchant = options.DeliveryPerMerchant,
            Lease = options.DeliveryLease,
        };
        services.AddSingleton(delivery);
        services.AddHttpClient(WebhookSender.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectCallback = WebhookConnector.For(sp.GetRequiredService<WebhookUrlPolicy>()),
                AllowAutoRedirect = false,
                UseCookies = false,
                UseProxy = false,
                // No ConnectTimeout of its own: the attempt timeout, on the injected clock, covers the connect too, and a
                // second timer on the real clock would race it with an exception the sender does not expect.
                MaxConnectionsPerServer = delivery.MaxConnectionsPerHost,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<DeliveryHandoff>();
        services.AddSingleton<IDeliveryLeases>(sp => sp.GetRequiredService<DeliveryHandoff>());
        services.AddSingleton<ICommitObserver>(sp => sp.GetRequiredService<DeliveryHandoff>());
        services.AddSingleton<SigningKeySource>();
        services.AddSingleton<ISecretRotationObserver>(sp => sp.GetRequiredService<SigningKeySource>());

        // Start order matters: the schema and tokens exist before anything else runs.
        services.AddSingleton<StartupTasks>();
        services.AddHostedService(sp => sp.GetRequiredService<StartupTasks>());
        services.AddHostedService<DeliveryDispatcher>();
        services.AddHostedService<TimerScheduler>();
        if (options.IsPostgres)
        {
            services.AddSingleton<IRemoteCommitObserver, RemoteCommits>();
            services.AddHostedService<PostgresChangeListener>();
        }
        // After StartupTasks: Data Protection loads its keys from the database when it starts.
        services.AddDashboard(options.SignInLimit, options.Sandbox);
        services.AddHostedService<AccessRecordsCleanup>();
        services.AddSingleton(options.Retention);
        services.AddSingleton<RetentionSweeper>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionSweeper>());
        services.AddSingleton<MemoryRelease>();
        services.AddHostedService(sp => sp.GetRequiredService<MemoryRelease>());
    }
}
