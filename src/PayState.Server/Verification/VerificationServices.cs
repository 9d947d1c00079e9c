using PayState.Server.Delivery;
using PayState.Server.Lifecycle;

namespace PayState.Server.Verification;

public static class VerificationServices
{
    /// The session kind, and the Signature header its events carry.
    public static IServiceCollection AddVerification(this IServiceCollection services) =>
        services.AddObjectKind<VerificationKind>().AddSingleton<IDeliveryHeaders, PaysafeSignature>();
}
