using PayState.Server.Dashboard;
using PayState.Server.Delivery;
using PayState.Server.Storage;

namespace PayState.Server.Hosting;

/// Registers the chosen database's store as each interface the folders ask for: IStore for the engine and the
/// slices, IDeliveryStore for delivery, IDashboardStore for the dashboard; one instance behind them all.
public static class StoreServices
{
    public static IServiceCollection AddStore<TStore>(this IServiceCollection services, Func<IServiceProvider, TStore> open)
        where TStore : class, IDeliveryStore, IDashboardStore
    {
        services.AddSingleton(open);
        services.AddSingleton<IStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IDeliveryStore>(sp => sp.GetRequiredService<TStore>());
        services.AddSingleton<IDashboardStore>(sp => sp.GetRequiredService<TStore>());
        return services;
    }
}
