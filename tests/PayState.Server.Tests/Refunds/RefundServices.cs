using PayState.Server.Delivery;
using PayState.Server.Lifecycle;

namespace PayState.Server.Tests.Refunds;

public static class RefundServices
{
    /// The refund's one registration line: its kind and its webhooks' header.
    public static IServiceCollection AddRefunds(this IServiceCollection services) =>
        services.AddObjectKind<RefundKind>().AddSingleton<IDeliveryHeaders, RefundSignature>();
}
