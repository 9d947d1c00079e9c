using System.Security.Cryptography;
using System.Text;
using PayState.Server.Accounts;

namespace PayState.Server.Tests.Accounts;

/// The signature is HMAC-SHA256 over "{X-Timestamp}.{METHOD}.{path and query}.{raw body}" with the API secret:
/// checked against the definition written out, not against the code under test.
public sealed class RequestSignatureTests
{
    [Theory]
    [InlineData("s3cr3t", "1800000000", "GET", "/api/public/v1/acquiring/order/1f0c", "")]
    [InlineData("s3cr3t", "1800000000", "POST", "/api/public/v1/acquiring/order?x=%C3%A9&y=1", "{\"amount\":\"1.5\",\"note\":\"café ✓\"}")]
    [InlineData("ключ-секрет", "42", "PUT", "/a/b.c", "body.with.dots")]
    public void ComputeHex_IsTheHmacOfTheDottedString(string secret, string timestamp, string method, string target, string body)
    {
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{method}.{target}.{body}")));

        Assert.Equal(expected, RequestSignature.ComputeHex(secret, timestamp, method, target, Encoding.UTF8.GetBytes(body)));
    }

    [Fact]
    public void ComputeHex_LongSecretAndLargeBody_IsTheHmacOfTheDottedString()
    {
        var secret = new string('k', 700) + "é";
        var body = Encoding.UTF8.GetBytes(new string('b', 64 * 1024));
        var message = Encoding.UTF8.GetBytes("1.POST./p.").Concat(body).ToArray();

        Assert.Equal(Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message)),
            RequestSignature.ComputeHex(secret, "1", "POST", "/p", body));
    }
}
