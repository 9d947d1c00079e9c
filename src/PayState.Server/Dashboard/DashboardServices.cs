using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

public static class DashboardServices
{
    /// Razor components rendered on the server, antiforgery with its keys in the database, the session cookie.
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<DashboardAuthFilter>();
        services.AddDataProtection().SetApplicationName("PayState");
        services.AddOptions<KeyManagementOptions>().Configure<IStore>((o, store) => o.XmlRepository = new StoreXmlRepository(store));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "paystate_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddRazorComponents();
        return services;
    }
}
