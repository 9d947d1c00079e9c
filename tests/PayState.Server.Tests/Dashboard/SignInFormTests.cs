using System.Net;
using System.Text;
using Microsoft.Extensions.Logging;
using PayState.Server.Tests.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// POST /signin is open to anyone: every malformed form is a 400 and one log line without a stack trace (so is one
/// posted by a signed-in browser to another dashboard form), the log stays bounded however fast one connection sends
/// them, attempts are rate limited, and no `next` makes a 500.
public abstract class SignInFormTests(Backend backend) : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await TestServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(_logs), backend: backend);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string> Malformed => ["NUL in a value", "control character in a value", "body over 64 KiB", "1,100 fields", "3,000-character key", "broken multipart", "not a form"];

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task SignIn_MalformedForm_Answers400WithOneLogLineAndNoStackTrace(string kind)
    {
        using var client = new DashboardClient(_server);
        await client.GetAsync("signin");
        var before = _logs.Entries.Count;

        using var response = await client.PostRawAsync("signin", Form(kind, client.Token!));

        var lines = _logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var line = Assert.Single(lines);
        Assert.DoesNotContain("   at ", line.Text, StringComparison.Ordinal);
        Assert.Equal(0, _server.CountRows("dashboard_sessions"));
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task SignedIn_MalformedFormPostedToSignOut_Answers400WithOneLogLine_AndTheSessionLives(string kind)
    {
        using var client = await DashboardClient.SignedInAsOperatorAsync(_server);
        await client.GetAsync("");
        var before = _logs.Entries.Count;

        using var response = await client.PostRawAsync("signout", Form(kind, client.Token!));

        var lines = _logs.Entries.Skip(before).Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{kind}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var line = Assert.Single(lines);
        Assert.DoesNotContain("   at ", line.Text, StringComparison.Ordinal);
        Assert.Equal(1, _server.CountRows("dashboard_sessions"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("")).Status);
    }

    [Theory]
    [InlineData("/\r\nSet-Cookie: stolen=1")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\u0001")]
    [InlineData("/\u007f")]
    [InlineData("/caf\u00e9")]
    public async Task SignIn_ControlOrNonAsciiCharactersInNext_NeverA500(string next)
    {
        using var client = new DashboardClient(_server);
        await client.GetAsync("signin");

        using var response = await client.PostAsync("signin", [("token", TestServer.AdminToken), ("next", next)]);

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect) Assert.Equal("/", response.Headers.Location!.OriginalString);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("stolen", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SignIn_MoreThanTenAttemptsAMinuteFromOneAddress_Answers429()
    {
        using var client = new DashboardClient(_server);
        var answers = new List<HttpStatusCode>();

        for (var i = 0; i < 11; i++)
        {
            using var response = await client.SignInAsync(("token", "wrong-" + i));
            answers.Add(response.StatusCode);
        }
        using var right = await client.SignInAsync(("token", TestServer.AdminToken));

        Assert.All(answers.Take(10), a => Assert.Equal(HttpStatusCode.Unauthorized, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[10]);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.True(right.Headers.RetryAfter is not null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("signin")).Status);
    }

    /// A sign-in form with the antiforgery token, malformed as named.
    public static HttpContent Form(string kind, string token)
    {
        var csrf = "__RequestVerificationToken=" + Uri.EscapeDataString(token);
        return kind switch
        {
            "NUL in a value" => Encoded($"api_key=pk_%00x&api_secret=sk&{csrf}"),
            "control character in a value" => Encoded($"api_key=pk_x&api_secret=sk%01&{csrf}"),
            "body over 64 KiB" => Encoded($"token={new string('a', 70 * 1024)}&{csrf}"),
            "1,100 fields" => Encoded(string.Join("&", Enumerable.Range(0, 1100).Select(i => $"f{i}=x")) + "&" + csrf),
            "3,000-character key" => Encoded($"{new string('k', 3000)}=x&{csrf}"),
            "broken multipart" => new ByteArrayContent(Encoding.ASCII.GetBytes("--XYZ\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc"))
            {
                Headers = { { "Content-Type", "multipart/form-data; boundary=XYZ" } },
            },
            _ => new StringContent("token=abc", Encoding.UTF8, "text/plain"),
        };
    }

    private static ByteArrayContent Encoded(string form) =>
        new(Encoding.ASCII.GetBytes(form)) { Headers = { { "Content-Type", "application/x-www-form-urlencoded" } } };
}

public sealed class SignInFormTestsOnSqlite() : SignInFormTests(Backend.Sqlite);

public sealed class SignInFormTestsOnPostgres() : SignInFormTests(Backend.Postgres);

/// One connection sending malformed forms as fast as it can (the rate limit raised out of the way) writes a
/// bounded number of log lines, however many it sends.
public sealed class SignInLogFloodTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(
        new Dictionary<string, string?> { ["PAYSTATE_SIGNIN_LIMIT"] = "100000" }, services: s => s.AddSingleton<ILoggerProvider>(_logs));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task SignIn_300MalformedFormsOnOneConnection_LogAtMostTwentyLines()
    {
        using var client = new DashboardClient(_server);
        await client.GetAsync("signin");
        var before = _logs.Entries.Count;
        var statuses = new List<HttpStatusCode>();

        for (var i = 0; i < 300; i++)
        {
            using var response = await client.PostRawAsync("signin", SignInFormTests.Form("NUL in a value", client.Token!));
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.BadRequest, s));
        Assert.InRange(_logs.Entries.Skip(before).Count(e => e.Level >= LogLevel.Warning), 1, 20);
    }
}
