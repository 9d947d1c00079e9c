using System.Globalization;
using System.Net;

namespace PayState.Server.Http;

/// Every range of IANA's IPv4 and IPv6 Special-Purpose Address Registries, with multicast and the deprecated
/// site-local range, and every IPv6 form that carries an IPv4 address inside it (compatible, mapped, translated,
/// NAT64, 6to4, Teredo): outside sandbox mode no webhook goes to any of them. Whole ranges are refused, not only
/// those whose embedded IPv4 address is private: which IPv4 address such an IPv6 address reaches depends on the
/// network it is sent from (http://[64:ff9b::a9fe:a9fe]/ is the metadata service behind a NAT64 gateway).
public static class SpecialPurposeAddresses
{
    private static readonly (byte[] Prefix, int Length)[] Ranges = [.. new[]
    {
        // IPv4
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
        "192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
        "224.0.0.0/4", // multicast
        "240.0.0.0/4", // reserved, and the limited broadcast address
        // IPv6
        "::/96", // unspecified, loopback, and IPv4-compatible
        "::ffff:0:0/96", // IPv4-mapped
        "::ffff:0:0:0/96", // IPv4-translated (SIIT)
        "64:ff9b::/96", "64:ff9b:1::/48", // NAT64
        "100::/63", // discard-only and the dummy prefix
        "2001::/23", // IETF protocol assignments: Teredo, benchmarking, ORCHID, AMT, AS112...
        "2001:db8::/32", "3fff::/20", // documentation
        "2002::/16", // 6to4
        "2620:4f:8000::/48", "5f00::/16",
        "fc00::/7", // unique local
        "fe80::/10", "fec0::/10", // link-local, and the deprecated site-local
        "ff00::/8", // multicast
    }.Select(Parse)];

    public static bool Contains(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        foreach (var (prefix, length) in Ranges)
        {
            if (prefix.Length == bytes.Length && StartsWith(bytes, prefix, length)) return true;
        }
        return false;
    }

    private static bool StartsWith(byte[] bytes, byte[] prefix, int length)
    {
        var whole = length / 8;
        if (!bytes.AsSpan(0, whole).SequenceEqual(prefix.AsSpan(0, whole))) return false;
        var rest = length % 8;
        if (rest == 0) return true;
        var mask = (byte)(0xFF << (8 - rest));
        return (bytes[whole] & mask) == (prefix[whole] & mask);
    }

    private static (byte[] Prefix, int Length) Parse(string cidr)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return (IPAddress.Parse(cidr[..slash]).GetAddressBytes(), int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture));
    }
}
