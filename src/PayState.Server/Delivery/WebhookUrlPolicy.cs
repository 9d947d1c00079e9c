using System.Net;
using System.Net.Sockets;
using PayState.Server.Http;

namespace PayState.Server.Delivery;

/// Which webhook URLs PayState accepts. Outside sandbox mode a target must not point into the server's own
/// network (loopback, private, link-local, multicast, unspecified): otherwise a merchant could make PayState
/// probe internal services (SSRF).
public sealed class WebhookUrlPolicy(bool sandbox)
{
    public bool Sandbox => sandbox;

    /// Checks a URL given in field; returns it normalised, or throws a 400 naming the field.
    public string Validate(string field, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw ApiException.Invalid(field, "must be an absolute http or https URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw ApiException.Invalid(field, "must not carry a user name or password.");
        if (!string.IsNullOrEmpty(uri.Fragment)) throw ApiException.Invalid(field, "must not have a #fragment.");
        if (!sandbox)
        {
            if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
                throw ApiException.Invalid(field, "must not point at this machine (loopback) outside sandbox mode.");
            if (IPAddress.TryParse(uri.IdnHost, out var address) && IsForbidden(address))
                throw ApiException.Invalid(field, $"must not point at a private, link-local, multicast or unspecified address ({address}) outside sandbox mode.");
        }
        return url;
    }

    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.None))
            return true;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (address.GetAddressBytes()[0] & 0xFE) == 0xFC; // fc00::/7 unique local
        }
        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] == 127
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127) // carrier-grade NAT
            || b[0] >= 224; // multicast and reserved
    }
}
