using Microsoft.Extensions.Logging;
using PayState.Server.Hosting;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

/// ASP.NET Core's per-request lines are off unless their category is named: while it is enabled at any level,
/// hosting gives each request an Activity and a log scope, held for as long as a long-poll is.
public sealed class RequestDiagnosticsTests
{
    [Fact]
    public async Task CategoryNotNamed_NoRequestLines_HostingLoggerDisabledAtEveryLevel()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await TestServer.StartAsync(
            new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        (await server.Http.GetAsync(new Uri(server.BaseUri, "healthz"))).EnsureSuccessStatusCode();

        // The condition hosting checks before it creates the Activity and the scope.
        Assert.False(server.Services.GetRequiredService<ILoggerFactory>().CreateLogger(RequestDiagnostics.Category).IsEnabled(LogLevel.Critical));
        Assert.DoesNotContain(logs.Entries, l => l.Category == RequestDiagnostics.Category);
        Assert.Contains(logs.Entries, l => l.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CategoryNamed_RequestLinesLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = await TestServer.StartAsync(
            new Dictionary<string, string?> { [$"Logging:LogLevel:{RequestDiagnostics.Category}"] = "Information" },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        (await server.Http.GetAsync(new Uri(server.BaseUri, "healthz"))).EnsureSuccessStatusCode();

        Assert.Contains(logs.Entries, l => l.Category == RequestDiagnostics.Category && l.Text.Contains("/healthz", StringComparison.Ordinal));
    }
}
