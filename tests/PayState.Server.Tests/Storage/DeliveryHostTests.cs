using PayState.Server.Storage;

namespace PayState.Server.Tests.Storage;

/// Per-host send slots count by scheme, host and port, lowercase; the answer is the same whether worked out or
/// remembered, and past the bound of remembered URLs.
public sealed class DeliveryHostTests
{
    [Theory]
    [InlineData("https://Example.COM/hook?a=1", "https://example.com")]
    [InlineData("HTTP://127.0.0.1:5000/x/y", "http://127.0.0.1:5000")]
    [InlineData("https://example.com:443/", "https://example.com")]
    [InlineData("https://user@Example.com:8443/p#f", "https://user@example.com:8443")]
    public void Of_IsSchemeHostAndPort_Lowercase_AskedOnceOrTwice(string url, string host)
    {
        Assert.Equal(host, DeliveryHost.Of(url));
        Assert.Equal(host, DeliveryHost.Of(url));
    }

    [Fact]
    public void Of_PastTheBoundOfRememberedUrls_StillAnswersEachUrlsOwnHost()
    {
        for (var i = 0; i < 5000; i++)
            Assert.Equal($"https://h{i}.example", DeliveryHost.Of($"https://H{i}.example/hook/{i}"));
        Assert.Equal("https://h1.example", DeliveryHost.Of("https://H1.example/hook/1"));
        Assert.Equal("https://h4999.example", DeliveryHost.Of("https://H4999.example/hook/4999"));
    }
}
