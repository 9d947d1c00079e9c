using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

/// `paystate checkouts wait --json`: the server's body unchanged on stdout, its ETag on stderr, and --if-none-match
/// to long-poll from it, against the real server.
public sealed class CheckoutsWaitTests : CliTestBase
{
    [Fact]
    public async Task WaitJson_PrintsTheServersBodyUnchanged_AndTheETagOnStderr()
    {
        var uuid = await CreateCheckoutAsync();
        using var http = new HttpClient { BaseAddress = Server.BaseUri };
        using var direct = await http.GetAsync($"/api/v1/checkout/{uuid}/wait");
        var body = await direct.Content.ReadAsStringAsync();

        var result = await Runner.RunAsync("checkouts", "wait", uuid, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(body + Environment.NewLine, result.Output);
        Assert.Equal($"ETag: {direct.Headers.ETag}{Environment.NewLine}", result.Error);
        Assert.Equal("ETag: \"1\"" + Environment.NewLine, result.Error);
    }

    [Fact]
    public async Task WaitIfNoneMatch_HoldsUntilTheNextVersion_ThenPrintsItAndItsETag()
    {
        var uuid = await CreateCheckoutAsync();
        var first = await Runner.RunAsync("checkouts", "wait", uuid, "--json");
        var etag = ETagOf(first);

        // The server's clock is fake and never moves, so only a change can end this 30-second hold.
        var waiting = Runner.RunAsync("checkouts", "wait", uuid, "--timeout", "30", "--if-none-match", etag, "--json");
        await Server.WaitForHeldWaitsAsync(1);
        Assert.False(waiting.IsCompleted, "the wait answered before the checkout changed");
        var moved = await Runner.RunAsync("trigger", "checkout", uuid, "show_error");
        var next = await waiting.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.True(next.ExitCode == 0, next.ToString());
        Assert.Equal("show_error", JsonDocument.Parse(next.Output).RootElement.GetProperty("action").GetString());
        Assert.Equal("\"2\"", ETagOf(next));
    }

    [Fact]
    public async Task WaitIfNoneMatch_StaleETag_AnswersAtOnce_AndTheETagMayBeGivenWithoutQuotes()
    {
        var uuid = await CreateCheckoutAsync();
        var moved = await Runner.RunAsync("trigger", "checkout", uuid, "show_error");
        Assert.True(moved.ExitCode == 0, moved.ToString());

        // Version 1 is already past: the change it would wait for has happened, so no hold at all.
        var result = await Runner.RunAsync("checkouts", "wait", uuid, "--timeout", "30", "--if-none-match", "1", "--json")
            .WaitAsync(TimeSpan.FromSeconds(20));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("show_error", JsonDocument.Parse(result.Output).RootElement.GetProperty("action").GetString());
        Assert.Equal("\"2\"", ETagOf(result));
    }

    [Fact]
    public async Task WaitTable_ShowsTheETagAsARow_AndNothingOnStderr()
    {
        var uuid = await CreateCheckoutAsync();

        var result = await Runner.RunAsync("checkouts", "wait", uuid, "--etag", "\"1\"", "--timeout", "0");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(result.Output.Split('\n'), line => line.StartsWith("etag ", StringComparison.Ordinal) && line.TrimEnd().EndsWith("\"1\"", StringComparison.Ordinal));
        Assert.Equal("", result.Error);
    }

    private static string ETagOf(CliResult result)
    {
        var line = result.Error.TrimEnd();
        Assert.StartsWith("ETag: ", line, StringComparison.Ordinal);
        return line["ETag: ".Length..];
    }

    private async Task<string> CreateCheckoutAsync()
    {
        var result = await Runner.RunAsync("checkouts", "create", "--amount", "12000", "--currency", "EUR", "--notify-url", "https://shop.example/ipn",
            "--return-url", "https://shop.example/thanks", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("uuid").GetString()!;
    }
}
