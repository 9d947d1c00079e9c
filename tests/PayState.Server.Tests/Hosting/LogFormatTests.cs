using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using PayState.Server.Hosting;
using PayState.Server.Shared;
using PayState.Server.Tests.Support;

namespace PayState.Server.Tests.Hosting;

public sealed class LogFormatTests
{
    [Fact]
    public async Task LogFormatJson_ConsoleWritesJsonWithScopes()
    {
        await using var server = await TestServer.StartAsync(new Dictionary<string, string?> { ["PAYSTATE_LOG_FORMAT"] = "json" });

        Assert.Equal(ConsoleFormatterNames.Json, server.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
        var json = server.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
    }

    [Fact]
    public async Task LogFormatUnset_ConsoleWritesText()
    {
        await using var server = await TestServer.StartAsync();

        Assert.NotEqual(ConsoleFormatterNames.Json, server.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }

    [Fact]
    public void LogFormatUnknown_RefusesToStart()
    {
        var e = Assert.Throws<PayState.Server.Shared.ConfigurationException>(() => PayStateHost.Build([], b => b.Configuration.AddInMemoryCollection(
            new Dictionary<string, string?> { ["PAYSTATE_LOG_FORMAT"] = "yaml", ["PAYSTATE_URLS"] = "http://127.0.0.1:0" })));
        Assert.Contains("PAYSTATE_LOG_FORMAT", e.Message, StringComparison.Ordinal);
    }
}
