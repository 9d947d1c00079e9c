using System.Net;
using System.Text.RegularExpressions;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Dashboard;

/// A browser without the browser: keeps cookies, reads the antiforgery token from the last page it fetched and
/// posts forms with it, never following redirects so a test sees exactly what the server answered.
public sealed partial class DashboardClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TestServer _server;

    public DashboardClient(TestServer server)
    {
        _server = server;
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false });
    }

    public CookieContainer Cookies { get; } = new();

    /// The antiforgery token of the last page fetched.
    public string? Token { get; private set; }

    public static async Task<DashboardClient> SignedInAsOperatorAsync(TestServer server)
    {
        var client = new DashboardClient(server);
        await client.ExpectSignInAsync(("token", TestServer.AdminToken));
        return client;
    }

    public static async Task<DashboardClient> SignedInAsMerchantAsync(TestServer server, MerchantClient merchant)
    {
        var client = new DashboardClient(server);
        await client.ExpectSignInAsync(("api_key", merchant.ApiKey), ("api_secret", merchant.ApiSecret));
        return client;
    }

    public async Task<HttpResponseMessage> SignInAsync(params (string Name, string Value)[] fields)
    {
        await GetAsync("signin");
        return await PostAsync("signin", fields);
    }

    public async Task<(HttpStatusCode Status, string Html)> GetAsync(string path)
    {
        using var response = await _http.GetAsync(new Uri(_server.BaseUri, path));
        var html = await response.Content.ReadAsStringAsync();
        if (TokenPattern().Match(html) is { Success: true } match) Token = WebUtility.HtmlDecode(match.Groups[1].Value);
        return (response.StatusCode, html);
    }

    /// The answer itself, for what is not a page (an image, an asset).
    public Task<HttpResponseMessage> GetRawAsync(string path) => _http.GetAsync(new Uri(_server.BaseUri, path));

    /// Posts a form with the page's antiforgery token, or without any when withToken is false.
    public Task<HttpResponseMessage> PostAsync(string path, (string Name, string Value)[] fields, bool withToken = true)
    {
        var all = fields.Select(f => KeyValuePair.Create(f.Name, f.Value)).ToList();
        if (withToken && Token is not null) all.Add(KeyValuePair.Create("__RequestVerificationToken", Token));
        return _http.PostAsync(new Uri(_server.BaseUri, path), new FormUrlEncodedContent(all));
    }

    /// Posts a body exactly as given (a malformed form, say), with this client's cookies.
    public Task<HttpResponseMessage> PostRawAsync(string path, HttpContent content) => _http.PostAsync(new Uri(_server.BaseUri, path), content);

    public void Dispose() => _http.Dispose();

    private async Task ExpectSignInAsync(params (string, string)[] fields)
    {
        using var response = await SignInAsync(fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
