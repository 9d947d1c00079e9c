using PayState.Server.Acquiring.Chain;
using PayState.Server.Lifecycle;

namespace PayState.Server.Acquiring;

public static class AcquiringServices
{
    /// The order kind, with its tokens, wallets and chain watchers, and the dashboard's chain page.
    public static IServiceCollection AddAcquiring(this IServiceCollection services, IConfiguration config, bool sandbox) =>
        services.AddObjectKind<AcquiringOrderKind>().AddAcquiringChain(config, sandbox).AddSingleton(ChainPages.Page).AddSingleton(OrderQr.Image);
}
