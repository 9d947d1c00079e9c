using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// Every dashboard answer carries a Content-Security-Policy, nosniff, a Referrer-Policy and a frame refusal; the
/// session cookie is Secure whenever the browser's request came over TLS, to the server itself or through a proxy
/// the server trusts (X-Forwarded-Proto), and only then.
public sealed class DashboardHeadersTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EveryDashboardAnswer_CarriesTheSecurityHeaders()
    {
        var merchant = await _server.CreateMerchantAsync();
        var order = (await merchant.CreateOrderAsync()).GetProperty("uuid").GetString()!;
        using var anonymous = new DashboardClient(_server);
        using var client = await DashboardClient.SignedInAsOperatorAsync(_server);
        var paths = new[] { "", $"objects/{order}", "objects/no-such-object", "deliveries", "inbox", "dashboard/assets/dashboard.css", "dashboard/assets/dashboard.js" };
        var answers = new List<(string What, HttpResponseMessage Response)>();

        using var http = new HttpClient(new HttpClientHandler { CookieContainer = client.Cookies, AllowAutoRedirect = false });
        foreach (var path in paths) answers.Add((path, await http.GetAsync(new Uri(_server.BaseUri, path))));
        answers.Add(("signin", await _server.Http.GetAsync(new Uri(_server.BaseUri, "signin"))));
        answers.Add(("redirect to signin", await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }).GetAsync(new Uri(_server.BaseUri, "deliveries"))));
        answers.Add(("refused sign-in", await anonymous.SignInAsync(("token", "wrong"))));

        foreach (var (what, response) in answers)
        {
            var csp = Header(response, "Content-Security-Policy");
            Assert.True(csp is not null, $"{what} has no Content-Security-Policy");
            Assert.Contains("default-src 'none'", csp, StringComparison.Ordinal);
            Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.True(Header(response, "X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options");
            Assert.True(Header(response, "Referrer-Policy") == "no-referrer", $"{what}: Referrer-Policy");
            Assert.True(Header(response, "X-Frame-Options") == "DENY", $"{what}: X-Frame-Options");
            response.Dispose();
        }
    }

    [Fact]
    public async Task SessionCookie_PlainHttp_IsNotSecure()
    {
        var cookie = await SignInCookieAsync(_server, forwardedProto: null);

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SessionCookie_ForwardedHttpsFromAnUntrustedProxy_IsNotSecure()
    {
        var cookie = await SignInCookieAsync(_server, forwardedProto: "https");

        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SessionCookie_ForwardedHttpsFromATrustedProxy_IsSecure()
    {
        await using var behindProxy = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_TRUSTED_PROXIES"] = "127.0.0.1" });

        var cookie = await SignInCookieAsync(behindProxy, forwardedProto: "https");

        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SessionCookie_ServedOverTlsByTheServerItself_IsSecure()
    {
        var certificate = Path.Combine(Path.GetTempPath(), $"paystate-test-{Guid.NewGuid():N}.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var self = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(certificate, self.Export(X509ContentType.Pfx, "test"));
        }
        try
        {
            await using var tls = await TestServer.StartAsync(new Dictionary<string, string?>
            {
                ["PAYSTATE_URLS"] = "https://127.0.0.1:0",
                ["Kestrel:Certificates:Default:Path"] = certificate,
                ["Kestrel:Certificates:Default:Password"] = "test",
            });

            var cookie = await SignInCookieAsync(tls, forwardedProto: null);

            Assert.Equal("https", tls.BaseUri.Scheme);
            Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    /// Signs in as the operator through a client that accepts the test's own certificate and carries the antiforgery
    /// cookie by hand (a Secure one set over forwarded HTTPS would not go back over this plain connection otherwise);
    /// answers the session's Set-Cookie.
    private static async Task<string> SignInCookieAsync(TestServer server, string? forwardedProto)
    {
        using var http = new HttpClient(new HttpClientHandler
        {
            UseCookies = false,
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
        if (forwardedProto is not null) http.DefaultRequestHeaders.Add("X-Forwarded-Proto", forwardedProto);
        using var form = await http.GetAsync(new Uri(server.BaseUri, "signin"));
        var page = await form.Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        var csrf = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("paystate_csrf=", StringComparison.Ordinal)).Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUri, "signin"))
        {
            Content = new FormUrlEncodedContent([new("token", TestServer.AdminToken), new("__RequestVerificationToken", WebUtility.HtmlDecode(token))]),
        };
        request.Headers.Add("Cookie", csrf);
        using var response = await http.SendAsync(request);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in answered {(int)response.StatusCode}");
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("paystate_session=", StringComparison.Ordinal));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
