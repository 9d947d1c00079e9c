using System.Net;
using PayState.Server.Http;

namespace PayState.Server.Tests.Http;

/// Every IANA special-purpose range, IPv4 and IPv6, and every IPv6 form that embeds an IPv4 address is refused as
/// a webhook target outside sandbox mode; ordinary public addresses are not.
public sealed class SpecialPurposeAddressesTests
{
    [Theory]
    [InlineData("0.1.2.3")] // this network
    [InlineData("10.20.30.40")]
    [InlineData("100.64.0.1")] // shared address space (carrier-grade NAT)
    [InlineData("100.127.255.254")]
    [InlineData("127.0.0.1")]
    [InlineData("169.254.169.254")] // link-local: cloud metadata
    [InlineData("172.31.255.255")]
    [InlineData("192.0.0.8")] // IETF protocol assignments
    [InlineData("192.0.0.170")] // NAT64 discovery
    [InlineData("192.0.2.1")] // documentation
    [InlineData("192.31.196.1")] // AS112
    [InlineData("192.52.193.1")] // AMT
    [InlineData("192.88.99.1")] // 6to4 relay anycast
    [InlineData("192.168.1.1")]
    [InlineData("192.175.48.1")] // AS112 direct delegation
    [InlineData("198.18.0.1")] // benchmarking
    [InlineData("198.19.255.254")]
    [InlineData("198.51.100.7")] // documentation
    [InlineData("203.0.113.10")] // documentation
    [InlineData("224.0.0.1")] // multicast
    [InlineData("240.0.0.1")] // reserved
    [InlineData("255.255.255.255")] // broadcast
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::a9fe:a9fe")] // IPv4-compatible 169.254.169.254
    [InlineData("::8.8.8.8")] // IPv4-compatible, even of a public address
    [InlineData("::ffff:169.254.169.254")] // IPv4-mapped
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("::ffff:0:a9fe:a9fe")] // IPv4-translated
    [InlineData("64:ff9b::a9fe:a9fe")] // NAT64: the metadata address on a NAT64 network
    [InlineData("64:ff9b::808:808")]
    [InlineData("64:ff9b:1::a9fe:a9fe")] // local-use NAT64
    [InlineData("100::1")] // discard-only
    [InlineData("2001::1")] // Teredo
    [InlineData("2001:0:4136:e378:8000:63bf:3fff:fdd2")] // Teredo with an embedded address
    [InlineData("2001:2::1")] // benchmarking
    [InlineData("2001:db8::1")] // documentation
    [InlineData("3fff::1")] // documentation
    [InlineData("2002:a9fe:a9fe::1")] // 6to4 of 169.254.169.254
    [InlineData("2002:808:808::1")] // 6to4 of a public address
    [InlineData("2620:4f:8000::1")] // AS112
    [InlineData("5f00::1")] // segment routing
    [InlineData("fc00::1")] // unique local
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")] // link-local
    [InlineData("fec0::1")] // site-local, deprecated
    [InlineData("ff02::1")] // multicast
    public void IsForbidden_SpecialPurposeOrEmbeddedIPv4_IsTrue(string address) =>
        Assert.True(SpecialPurposeAddresses.Contains(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.215.14")]
    [InlineData("100.63.255.255")] // just below the shared address space
    [InlineData("100.128.0.1")] // just above it
    [InlineData("198.17.255.255")] // just below benchmarking
    [InlineData("198.20.0.1")] // just above it
    [InlineData("223.255.255.254")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2001:200::1")] // just past 2001::/23
    [InlineData("2003::1")]
    public void IsForbidden_PublicAddress_IsFalse(string address) =>
        Assert.False(SpecialPurposeAddresses.Contains(IPAddress.Parse(address)), address);
}
