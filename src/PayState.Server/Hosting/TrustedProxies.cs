using System.Net;
using IPNetwork = System.Net.IPNetwork;
using Microsoft.AspNetCore.HttpOverrides;

namespace PayState.Server.Hosting;

/// Behind a TLS-terminating proxy the browser's request came over HTTPS though the server sees HTTP. The proxies
/// named in PAYSTATE_TRUSTED_PROXIES (addresses or CIDR networks, comma-separated) are believed: their
/// X-Forwarded-Proto and X-Forwarded-For are applied, so the session cookie is Secure and sign-in attempts count by
/// the client's address. A request from any other address keeps what its connection says, whatever it sends.
public static class TrustedProxies
{
    public static IReadOnlyList<IPNetwork> Parse(string? value)
    {
        var networks = new List<IPNetwork>();
        foreach (var item in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(item, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(item, out var address)) networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else throw new FormatException($"PAYSTATE_TRUSTED_PROXIES must list addresses or CIDR networks, separated by commas; '{item}' is neither.");
        }
        return networks;
    }

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, PayStateOptions options) =>
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback: here only what the operator names is trusted.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var network in options.TrustedProxies) o.KnownIPNetworks.Add(network);
        });

    public static WebApplication UseTrustedProxies(this WebApplication app, PayStateOptions options)
    {
        if (options.TrustedProxies.Count > 0) app.UseForwardedHeaders();
        return app;
    }
}
