using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// What a client sees on the wire: an unknown path or method answers a body that says so, in the path's envelope,
/// and a chunked body over the limit is cut off with 413 before it is read whole.
public sealed class ErrorAnswersOverHttpTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static async Task<JsonElement> BodyAsync(HttpResponseMessage response, string mediaType)
    {
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task UnknownPath_404ProblemNamingThePath()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "api/v1/nowhere"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await BodyAsync(response, "application/problem+json");
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
        Assert.Equal("No resource at /api/v1/nowhere.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task UnknownAcquiringPath_404InTheAcquiringEnvelope()
    {
        using var response = await _server.Http.GetAsync(new Uri(_server.BaseUri, "api/public/v1/acquiring/nowhere"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await BodyAsync(response, "application/json");
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("not_found", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongMethod_405NamingTheMethod()
    {
        using var response = await _server.Http.DeleteAsync(new Uri(_server.BaseUri, "admin/v1/merchants"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        var problem = await BodyAsync(response, "application/problem+json");
        Assert.Equal("method_not_allowed", problem.GetProperty("code").GetString());
        Assert.Equal("DELETE is not allowed on /admin/v1/merchants.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_413AndNothingWritten()
    {
        var before = _server.CountRows("merchants");

        using var response = await PostChunkedAsync(JsonSerializer.SerializeToUtf8Bytes(new { name = new string('a', 70 * 1024) }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", (await BodyAsync(response, "application/problem+json")).GetProperty("code").GetString());
        Assert.Equal(before, _server.CountRows("merchants"));
    }

    [Fact]
    public async Task ChunkedBodyUnderTheLimit_ReadWhole()
    {
        using var response = await PostChunkedAsync("""{"name":"Chunked shop"}"""u8.ToArray());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("Chunked shop", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// Creates a merchant with the body sent chunked: no Content-Length, so the limit holds while the body is read.
    private async Task<HttpResponseMessage> PostChunkedAsync(byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUri, "admin/v1/merchants"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestServer.AdminToken);
        request.Headers.TransferEncodingChunked = true;
        request.Content = new StreamContent(new MemoryStream(body));
        return await _server.Http.SendAsync(request);
    }
}
