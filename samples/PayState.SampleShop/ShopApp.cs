using Microsoft.Data.Sqlite;
using PayState.Client.Reconciliation;
using PayState.Client.Webhooks;

namespace PayState.SampleShop;

/// The shop: PayState's client, receiver, reconciler and health check, and the shop's own endpoints.
public static class ShopApp
{
    /// configure runs before the services are added (tests give the server's address and clock there).
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        var shopDb = ShopDatabase.ConnectionString(builder.Configuration);

        builder.Services.AddPayStateClient(builder.Configuration.GetSection("PayState"));
        builder.Services.AddSingleton<IWebhookStateStore>(new SqlWebhookStateStore(() => new SqliteConnection(shopDb)));
        builder.Services.AddScoped<IPayStateWebhookHandler, ShopWebhookHandler>();
        builder.Services.AddPayStateWebhooks();

        builder.Services.AddSingleton<ICursorStore>(new SqlCursorStore(() => new SqliteConnection(shopDb)));
        builder.Services.AddPayStateReconciler(builder.Configuration.GetSection("PayState:Reconciler"));
        builder.Services.AddHealthChecks().AddPayStateReconciler();

        builder.Services.AddPayStateClient("wholesale", builder.Configuration.GetSection("PayState:Wholesale"));

        var app = builder.Build();
        app.MapPayStateWebhooks("/webhooks/paystate");
        app.MapWholesaleWebhooks();
        app.MapHealthChecks("/healthz");
        app.MapShopEndpoints();
        return app;
    }
}
