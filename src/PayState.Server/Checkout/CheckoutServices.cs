using PayState.Server.Delivery;
using PayState.Server.Lifecycle;

namespace PayState.Server.Checkout;

public static class CheckoutServices
{
    /// The checkout kind, what the merchant's answer to an IPN does, and the wait's cross-origin policy.
    public static IServiceCollection AddCheckouts(this IServiceCollection services) =>
        services.AddObjectKind<CheckoutKind>().AddSingleton<IDeliveryOutcomeHook, IpnOutcomeHook>().AddCheckoutWaitCors();
}
