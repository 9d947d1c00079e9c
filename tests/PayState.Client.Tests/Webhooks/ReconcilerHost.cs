using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// A worker app's container as AddPayStateClient and AddPayStateReconciler build it, against the test server and its clock.
internal sealed class ReconcilerHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ReconcilerHost(ServiceProvider provider) => _provider = provider;

    public IServiceProvider Services => _provider;

    public PayStateReconciler Reconciler => _provider.GetRequiredKeyedService<PayStateReconciler>(Options.DefaultName);

    public IConfigurationRoot Configuration { get; private init; } = null!;

    public static ReconcilerHost Create(
        TestServer server, MerchantClient merchant, IWebhookStateStore store, PayStateWebhookHandler handler, ICursorStore? cursors = null,
        Action<PayStateReconcilerOptions>? configure = null, TimeProvider? clock = null, ILoggerProvider? logs = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PayState:BaseAddress"] = server.BaseUri.ToString(),
            ["PayState:ApiKey"] = merchant.ApiKey,
            ["PayState:ApiSecret"] = merchant.ApiSecret,
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton(clock ?? server.Clock);
        services.AddSingleton(store);
        if (cursors is not null) services.AddSingleton(cursors);
        services.AddScoped<IPayStateWebhookHandler>(_ => new DelegateHandler(handler));
        if (logs is not null) services.AddLogging(b => b.AddProvider(logs));
        services.AddPayStateClient(configuration.GetSection("PayState"));
        services.AddPayStateReconciler(o =>
        {
            o.PageSize = 2;
            configure?.Invoke(o);
        });
        services.AddHealthChecks().AddPayStateReconciler();
        return new ReconcilerHost(services.BuildServiceProvider()) { Configuration = configuration };
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();

    private sealed class DelegateHandler(PayStateWebhookHandler handler) : IPayStateWebhookHandler
    {
        public Task<WebhookResult> HandleAsync(PayStateWebhook webhook, PayStateWebhookContext context) => handler(webhook, context);
    }
}
