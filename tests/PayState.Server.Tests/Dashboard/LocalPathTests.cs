using PayState.Server.Dashboard;

namespace PayState.Server.Tests.Dashboard;

/// Where the dashboard sends a browser after sign-in: only a path on this server, as the browser will read it
/// (browsers drop tabs and newlines from a URL and read a backslash as a slash).
public sealed class LocalPathTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/deliveries")]
    [InlineData("/objects/8c1b2f8e-0000-4000-8000-000000000001")]
    [InlineData("/?kind=acquiring_order&state=Pending")]
    [InlineData("/deliveries?host=http%3A%2F%2F127.0.0.1%3A9000&since=2026-01-01")]
    public void LocalPath_PathOnThisServer_IsKept(string path) => Assert.Equal(path, DashboardHtml.LocalPath(path));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("deliveries")]
    [InlineData("//evil.example")]
    [InlineData("///evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\/evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData("\t//evil.example")]
    [InlineData(" //evil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%2f/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%5c%5cevil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\u0000")]
    [InlineData("/\u007f")]
    [InlineData("/\u0085")]
    [InlineData("/\r\nSet-Cookie: a=b")]
    [InlineData("/caf\u00e9")]
    public void LocalPath_AnythingElse_IsTheRoot(string? path) => Assert.Equal("/", DashboardHtml.LocalPath(path));
}
