using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace PayState.Server.Dashboard;

/// Sign-in attempts (POST /signin) per client address and minute, with ASP.NET Core's rate limiter: past the limit
/// the answer is 429 with Retry-After, and the credentials are not looked at. An IPv6 client counts by its /64, which
/// one host usually holds whole. The address is the connection's, or the client's as a trusted proxy forwards it.
public static class SignInRateLimit
{
    public const string Policy = "signin";

    public static IServiceCollection AddSignInRateLimit(this IServiceCollection services, int attemptsPerMinute) =>
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(Client(http.Connection.RemoteIpAddress), _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = attemptsPerMinute,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            }));
            o.OnRejected = (context, _) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)) : 60;
                context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                DashboardHeaders.Apply(context.HttpContext.Response);
                return new ValueTask(DashboardHtml.Status(429, $"Too many sign-in attempts from your address; try again in {seconds} s.").ExecuteAsync(context.HttpContext));
            };
        });

    private static string Client(IPAddress? address)
    {
        if (address is null) return "";
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes).ToString();
    }
}
