namespace PayState.Server.Checkout;

/// The checkout `wait` is polled by the shopper's browser from the checkout page, which is rarely served from
/// PayState's own origin. The uuid is the credential (no cookies, no API key), so any origin may read it: GET
/// with If-None-Match, and the ETag readable by the page's script so it can long-poll.
public static class CheckoutWaitCors
{
    public const string Policy = "checkout-wait";

    public static IServiceCollection AddCheckoutWaitCors(this IServiceCollection services) =>
        services.AddCors(o => o.AddPolicy(Policy, p => p
            .AllowAnyOrigin()
            .WithMethods("GET")
            .WithHeaders("If-None-Match")
            .WithExposedHeaders("ETag")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
}
