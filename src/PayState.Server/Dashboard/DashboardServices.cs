using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

public static class DashboardServices
{
    /// Razor components rendered on the server, antiforgery with its keys in the database, sessions, the sign-in
    /// rate limit.
    public static IServiceCollection AddDashboard(this IServiceCollection services, int signInAttemptsPerMinute, bool sandbox)
    {
        services.AddSingleton(new DashboardMode(sandbox));
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<DashboardForms>();
        services.AddSingleton<DashboardAuthFilter>();
        services.AddSingleton<DashboardHeaders>();
        services.AddSignInRateLimit(signInAttemptsPerMinute);
        services.AddDataProtection().SetApplicationName("PayState");
        services.AddOptions<KeyManagementOptions>().Configure<IStore>((o, store) => o.XmlRepository = new StoreXmlRepository(store));
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "paystate_csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            // DashboardHeaders refuses framing on every answer, not only on pages with a form.
            o.SuppressXFrameOptionsHeader = true;
        });
        services.AddRazorComponents();
        return services;
    }
}
