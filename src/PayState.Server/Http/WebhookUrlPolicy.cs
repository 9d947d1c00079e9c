using System.Net;

namespace PayState.Server.Http;

/// Which webhook URLs PayState accepts. Outside sandbox mode a target must not be a special-purpose address
/// (loopback, private, link-local, shared, documentation, multicast, reserved, or an IPv6 form that embeds an IPv4
/// address: SpecialPurposeAddresses): otherwise a merchant could make PayState probe internal services (SSRF).
/// Checked on the literal URL when it is given, on its DNS answer when it is given, and again at every send, where
/// the connection goes to the very address that was checked. An operator may open specific networks with
/// PAYSTATE_WEBHOOK_ALLOW (CIDRs). Port 0 is refused in every mode: nothing can be reached there.
public sealed class WebhookUrlPolicy(bool sandbox, IHostResolver resolver, IReadOnlyList<IPNetwork> allowed)
{
    public WebhookUrlPolicy(bool sandbox)
        : this(sandbox, new SystemHostResolver(), [])
    {
    }

    public bool Sandbox => sandbox;

    public static IReadOnlyList<IPNetwork> ParseAllowList(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(IPNetwork.Parse).ToList();

    /// Checks a URL given in field; returns it normalised, or throws a 400 naming the field.
    public string Validate(string field, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw ApiException.Invalid(field, "must be an absolute http or https URL.");
        if (!string.IsNullOrEmpty(uri.UserInfo)) throw ApiException.Invalid(field, "must not carry a user name or password.");
        if (!string.IsNullOrEmpty(uri.Fragment)) throw ApiException.Invalid(field, "must not have a #fragment.");
        if (uri.Port == 0) throw ApiException.Invalid(field, "must not use port 0.");
        if (!sandbox)
        {
            if (IPAddress.TryParse(uri.IdnHost, out var address))
            {
                if (!IsAllowed(address)) throw ApiException.Invalid(field, Refusal(address));
            }
            else if (uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw ApiException.Invalid(field, "must not point at this machine (loopback) outside sandbox mode.");
            }
        }
        return url;
    }

    /// The DNS half of the creation check: every address the host resolves to must be allowed.
    public async Task CheckResolvedAsync(string field, string? url, CancellationToken cancellationToken)
    {
        if (sandbox || url is null) return;
        var host = new Uri(url).IdnHost;
        if (IPAddress.TryParse(host, out _)) return;
        IPAddress[] addresses;
        try
        {
            addresses = await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException)
        {
            addresses = [];
        }
        if (addresses.Length == 0) throw ApiException.Invalid(field, $"names a host ({host}) that does not resolve.");
        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused) throw ApiException.Invalid(field, $"resolves to {refused}: " + Refusal(refused));
    }

    /// The send-time check: resolves once and returns the address to connect to, so a DNS answer that
    /// changes between check and connect (rebinding) cannot slip past. Null in sandbox mode: connect by name.
    public async Task<IPAddress?> VetAsync(string host, int port, CancellationToken cancellationToken)
    {
        if (port == 0) throw new TargetRefusedException($"target refused: port 0 of {host}");
        if (sandbox) return null;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0) throw new TargetRefusedException($"{host} does not resolve");
        if (addresses.FirstOrDefault(a => !IsAllowed(a)) is { } refused)
            throw new TargetRefusedException($"target refused: {host} resolves to {refused}, a special-purpose address (loopback, private, link-local, shared, documentation, multicast, reserved, or IPv4 embedded in IPv6)");
        return addresses[0];
    }

    /// Not special-purpose, or opened by the operator (an IPv4-mapped address counts as the IPv4 address it maps).
    private bool IsAllowed(IPAddress address) =>
        !SpecialPurposeAddresses.Contains(address)
        || allowed.Any(n => n.Contains(address) || (address.IsIPv4MappedToIPv6 && n.Contains(address.MapToIPv4())));

    private static string Refusal(IPAddress address) =>
        $"must not point at {address}, a special-purpose address (loopback, private, link-local, shared, documentation, multicast, reserved, or IPv4 embedded in IPv6) outside sandbox mode.";
}
