using System.Net;
using PayState.Server.Http;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Delivery;

/// Port 0 is never a webhook target, in sandbox mode too: refused when the URL is given, and at send time for a
/// delivery stored before that refusal existed.
public sealed class WebhookUrlPolicyTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Validate_PortZero_IsRefusedNamingTheField(bool sandbox)
    {
        var policy = new WebhookUrlPolicy(sandbox, new FakeHostResolver(), []);

        var refused = Assert.Throws<ApiException>(() => policy.Validate("webhook_url", "http://127.0.0.1:0/hook"));

        Assert.Equal(400, refused.StatusCode);
        Assert.Contains("port 0", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task VetAsync_PortZero_IsRefusedWithoutResolving(bool sandbox)
    {
        var dns = new FakeHostResolver();
        dns.Set("hooks.example", [IPAddress.Parse("93.184.215.14")]);
        var policy = new WebhookUrlPolicy(sandbox, dns, []);

        var refused = await Assert.ThrowsAsync<TargetRefusedException>(() => policy.VetAsync("hooks.example", 0, CancellationToken.None));

        Assert.Contains("port 0", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, dns.Lookups);
    }
}
