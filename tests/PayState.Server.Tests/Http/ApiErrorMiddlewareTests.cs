using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using PayState.Server.Http;
using PayState.Server.Metrics;
using PayState.Server.Tests.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Http;

/// What the error middleware makes of what a handler throws or leaves bodyless: the path's error envelope,
/// 503 with Retry-After for a database out of reach, 500 for a bug, and log lines within the budget.
public sealed class ApiErrorMiddlewareTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private async Task<(HttpContext Context, JsonElement Body)> RunAsync(RequestDelegate handler, string path = "/api/v1/checkouts")
    {
        using var factory = LoggerFactory.Create(b => b.AddProvider(_logs));
        var middleware = new ApiErrorMiddleware(
            handler, _server.Services.GetRequiredService<PayStateMetrics>(), _server.Services.GetRequiredService<RequestLogBudget>(), factory.CreateLogger<ApiErrorMiddleware>());
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await middleware.InvokeAsync(context);
        var body = context.Response.Body.Length == 0 ? default : JsonDocument.Parse(((MemoryStream)context.Response.Body).ToArray()).RootElement.Clone();
        return (context, body);
    }

    [Fact]
    public async Task ApiException_AnsweredWithItsStatusCodeAndField()
    {
        var (context, body) = await RunAsync(_ => throw ApiException.Invalid("amount", "is required."));

        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("invalid_request", body.GetProperty("code").GetString());
        Assert.Equal("amount", body.GetProperty("field").GetString());
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task ApiException_OnTheAcquiringPath_InItsEnvelope()
    {
        var (context, body) = await RunAsync(_ => throw ApiException.NotFound("Order 'x'"), "/api/public/v1/acquiring/order/x");

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("application/json", context.Response.ContentType);
        Assert.False(body.GetProperty("success").GetBoolean());
        Assert.Equal("not_found", body.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(413, "payload_too_large")]
    [InlineData(400, "bad_request")]
    public async Task BadHttpRequest_KeepsKestrelsStatus(int status, string code)
    {
        var (context, body) = await RunAsync(_ => throw new BadHttpRequestException("Too much.", status));

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(code, body.GetProperty("code").GetString());
    }

    [Fact]
    public async Task DatabaseOutOfReach_503WithRetryAfterAndOneWarning()
    {
        var (context, body) = await RunAsync(_ => throw new InvalidOperationException("wrapped", new SocketException((int)SocketError.ConnectionRefused)));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("database_unavailable", body.GetProperty("code").GetString());
        Assert.Equal(LogLevel.Warning, Assert.Single(_logs.Entries).Level);
    }

    [Fact]
    public async Task UnexpectedException_500WithoutItsMessage_LoggedAsError()
    {
        var (context, body) = await RunAsync(_ => throw new InvalidOperationException("secret internals"));

        Assert.Equal(500, context.Response.StatusCode);
        Assert.Equal("internal_error", body.GetProperty("code").GetString());
        Assert.DoesNotContain("secret internals", body.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("secret internals", Assert.Single(_logs.Entries, l => l.Level == LogLevel.Error).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyUnexpectedExceptions_LogAtMostTheBudget()
    {
        for (var i = 0; i < RequestLogBudget.LinesPerMinute + 10; i++)
            await RunAsync(_ => throw new InvalidOperationException("bug"));

        Assert.Equal(RequestLogBudget.LinesPerMinute, _logs.Entries.Count(l => l.Level == LogLevel.Error));
    }

    [Fact]
    public async Task ResponseAlreadyStarted_ExceptionNotSwallowed()
    {
        var started = new StartedResponseFeature();

        var thrown = await Assert.ThrowsAsync<ApiException>(async () =>
        {
            var middleware = new ApiErrorMiddleware(
                _ => throw ApiException.NotFound("x"), _server.Services.GetRequiredService<PayStateMetrics>(),
                _server.Services.GetRequiredService<RequestLogBudget>(), LoggerFactory.Create(_ => { }).CreateLogger<ApiErrorMiddleware>());
            var context = new DefaultHttpContext();
            context.Features.Set<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>(started);
            await middleware.InvokeAsync(context);
        });

        Assert.Equal(404, thrown.StatusCode);
    }

    [Theory]
    [InlineData(404, "not_found", "No resource at /api/v1/nowhere.")]
    [InlineData(405, "method_not_allowed", "POST is not allowed on /api/v1/nowhere.")]
    public async Task BodylessFrameworkAnswer_GetsABodyThatSaysWhy(int status, string code, string detail)
    {
        var (context, body) = await RunAsync(http =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        }, "/api/v1/nowhere");

        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(detail, body.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task HandlerThatWroteItsOwn404_LeftAlone()
    {
        var (context, _) = await RunAsync(http =>
        {
            http.Response.StatusCode = 404;
            http.Response.ContentLength = 0;
            return Task.CompletedTask;
        });

        Assert.Equal(0, context.Response.Body.Length);
    }

    private sealed class StartedResponseFeature : Microsoft.AspNetCore.Http.Features.HttpResponseFeature
    {
        public override bool HasStarted => true;
    }
}
