using PayState.Server.Storage;

namespace PayState.Server.Tests.Storage;

/// Per-host send slots count by host name alone, lowercase (in its ASCII form): every scheme and port of a host is
/// one host, so a merchant cannot multiply its share by spreading targets over ports. The answer is the same whether
/// worked out or remembered, and past the bound of remembered URLs.
public sealed class DeliveryHostTests
{
    [Theory]
    [InlineData("https://Example.COM/hook?a=1", "example.com")]
    [InlineData("HTTP://127.0.0.1:5000/x/y", "127.0.0.1")]
    [InlineData("https://example.com:443/", "example.com")]
    [InlineData("http://example.com:8443/p#f", "example.com")]
    [InlineData("http://[::1]:8080/hook", "::1")]
    [InlineData("https://Bücher.example/hook", "xn--bcher-kva.example")]
    public void Of_IsTheHostNameAlone_Lowercase_AskedOnceOrTwice(string url, string host)
    {
        Assert.Equal(host, DeliveryHost.Of(url));
        Assert.Equal(host, DeliveryHost.Of(url));
    }

    [Fact]
    public void Of_PortsAndSchemesOfOneHost_AreOneHost()
    {
        List<string> urls = ["http://hooks.example:8001/a", "http://hooks.example:8002/b", "https://HOOKS.example/c"];

        Assert.Single(urls.Select(DeliveryHost.Of).Distinct());
    }

    [Fact]
    public void Of_PastTheBoundOfRememberedUrls_StillAnswersEachUrlsOwnHost()
    {
        for (var i = 0; i < 5000; i++)
            Assert.Equal($"h{i}.example", DeliveryHost.Of($"https://H{i}.example/hook/{i}"));
        Assert.Equal("h1.example", DeliveryHost.Of("https://H1.example/hook/1"));
        Assert.Equal("h4999.example", DeliveryHost.Of("https://H4999.example/hook/4999"));
    }
}
