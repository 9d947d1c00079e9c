using System.Globalization;
using System.Text.Json;
using PayState.Server.Accounts;
using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

/// What a newcomer meets first: a mistyped command answered with the nearest one, a delivery's attempt log without
/// curl, webhooks shortened for reading, and the sandbox credentials taken from the file the server wrote.
public sealed class NewcomerTests : CliTestBase
{
    [Theory]
    [InlineData(new[] { "order", "create", "--amount", "300" }, "error: 'order' is not a paystate command. Did you mean 'orders'?")]
    [InlineData(new[] { "orders", "gett", "x" }, "error: 'gett' is not a paystate orders command. Did you mean 'get'?")]
    [InlineData(new[] { "delivery", "list" }, "error: 'delivery' is not a paystate command. Did you mean 'deliveries'?")]
    [InlineData(new[] { "refund" }, "error: 'refund' is not a paystate command; the commands are orders, checkouts, piv, trigger, events, deliveries, listen, pay.")]
    public async Task MistypedCommand_OneLineWithTheNearestCommand_Exit2(string[] args, string line)
    {
        var result = await CliRunner.RunRawAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal([line, "Run 'paystate --help' for usage."], result.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task DeliveriesGet_ShowsTheDeliveryAndEachAttempt_TimeDurationAnswerAndItsFirstBytes()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        receiver.Responder = _ => Task.FromResult(new ReceiverAnswer(503, "down for maintenance\nback at noon " + new string('x', 200)));
        var uuid = await CreateOrderAsync(receiver.UrlFor("/hook"));
        await Server.MoveOrderAsync(uuid, "Pending");
        await receiver.NextAsync();
        await Runner.Merchant.WaitForDeliveriesSettledAsync();
        var id = JsonDocument.Parse((await Runner.RunAsync("deliveries", "list", "--json")).Output).RootElement.GetProperty("data")[0].GetProperty("id").GetString()!;

        var table = await Runner.RunAsync("deliveries", "get", id);
        var json = await Runner.RunAsync("deliveries", "get", id, "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains($"object           acquiring_order {uuid} (sequence 2)", table.Output, StringComparison.Ordinal);
        Assert.Contains("status           failed", table.Output, StringComparison.Ordinal);
        var attempt = JsonDocument.Parse(json.Output).RootElement.GetProperty("attempt_log")[0];
        var row = table.Output.Split(Environment.NewLine).Single(l => l.StartsWith(attempt.GetProperty("attempted_at").GetString()!, StringComparison.Ordinal));
        Assert.Contains($"{attempt.GetProperty("duration_ms").GetInt32().ToString(CultureInfo.InvariantCulture)} ms", row, StringComparison.Ordinal);
        Assert.Contains("  503  ", row, StringComparison.Ordinal);
        Assert.Contains("down for maintenance back at noon xxx", row, StringComparison.Ordinal);
        Assert.EndsWith("… (234 characters)", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_PrintsEachWebhookShortenedForReading_OrWholeWithJson_AndStopsAfterCount()
    {
        var port = LoopbackPort.Free();
        using var output = new ConcurrentWriter();
        using var error = new ConcurrentWriter();
        var listen = Cli.RunAsync(["listen", "--port", port.ToString(CultureInfo.InvariantCulture), "--secret", Runner.Merchant.WebhookSecret, "--count", "2"],
            output, error, CancellationToken.None);
        using var jsonOutput = new ConcurrentWriter();
        var jsonPort = LoopbackPort.Free();
        var listenJson = Cli.RunAsync(["listen", "--port", jsonPort.ToString(CultureInfo.InvariantCulture), "--secret", Runner.Merchant.WebhookSecret,
            "--count", "1", "--json"], jsonOutput, error, CancellationToken.None);
        await Eventually.HoldsAsync(
            () => output.ToString().Contains("Listening on", StringComparison.Ordinal) && jsonOutput.ToString().Contains("Listening on", StringComparison.Ordinal),
            "both listeners say they listen");

        var uuid = await CreateOrderAsync($"http://127.0.0.1:{port}/");
        await Server.MoveOrderAsync(uuid, "Pending");
        await Server.MoveOrderAsync(uuid, "Paid");
        var other = await CreateOrderAsync($"http://127.0.0.1:{jsonPort}/");
        await Server.MoveOrderAsync(other, "Pending");

        Assert.Equal(0, await listen.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await listenJson.WaitAsync(TimeSpan.FromSeconds(30)));
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Collection(lines,
            l => Assert.Matches($"^dlv_\\S+  seq=2  uuid={uuid} status=Pending  \\(\\d+ bytes\\)$", l),
            l => Assert.Matches($"^dlv_\\S+  seq=3  uuid={uuid} status=Paid  \\(\\d+ bytes\\)$", l));
        Assert.DoesNotContain("wallet_qr", output.ToString(), StringComparison.Ordinal);
        var body = jsonOutput.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Equal(other, JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("uuid").GetString());
        Assert.Contains("wallet_qr", body, StringComparison.Ordinal);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task CredentialsFile_TheServersOwn_GivesEveryVariableLeftUnset()
    {
        var path = Path.Combine(Path.GetTempPath(), $"paystate-cli-{Guid.NewGuid():N}.env");
        try
        {
            SandboxCredentialsFile.Write(path, new SandboxCredentials(Runner.Url, Runner.Merchant.MerchantId, Runner.Merchant.TerminalUuid,
                Runner.Merchant.ApiKey, Runner.Merchant.ApiSecret, Runner.Merchant.WebhookSecret, TestServer.AdminToken, TestServer.ProcessorToken), "test");
            var environment = new Dictionary<string, string> { ["PAYSTATE_CREDENTIALS_FILE"] = path };

            var created = await CliRunner.RunRawAsync(["orders", "create", "--amount", "300", "--currency", "USDT", "--network", "ethereum", "--json"], environment);
            var uuid = JsonDocument.Parse(created.Output).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
            var moved = await CliRunner.RunRawAsync(["trigger", "order", uuid, "Pending"], environment);
            var wrongKey = await CliRunner.RunRawAsync(["orders", "get", uuid], new Dictionary<string, string>(environment) { ["PAYSTATE_API_KEY"] = "pk_unknown" });

            Assert.True(moved.ExitCode == 0, moved.ToString());
            Assert.StartsWith("error: 401 invalid_api_key", wrongKey.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CredentialsFile_ReadsValuesAsAShellDoes()
    {
        var variables = CredentialsFile.Parse(
        [
            "# a comment",
            "export PLAIN=pk_abc-123",
            "export QUOTED='it'\\''s \"here\"'",
            "DOUBLE=\"two words\"",
            "not a variable",
        ]);

        Assert.Equal(new Dictionary<string, string> { ["PLAIN"] = "pk_abc-123", ["QUOTED"] = "it's \"here\"", ["DOUBLE"] = "two words" }, variables);
        Assert.Equal("'it'\\''s'", SandboxCredentialsFile.Quoted("it's"));
    }

    private async Task<string> CreateOrderAsync(string webhookUrl)
    {
        var result = await Runner.RunAsync("orders", "create", "--amount", "300", "--currency", "USDT", "--network", "ethereum", "--json", "--webhook-url", webhookUrl);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
    }
}
