using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Cli.Tests;

/// Every command against a real server, checking what it prints and how it exits.
public sealed class CliTests : CliTestBase
{
    [Fact]
    public async Task OrdersCreate_Json_PrintsTheServersAnswer()
    {
        var result = await Runner.RunAsync("orders", "create", "--amount", "300", "--currency", "USDT", "--network", "ethereum", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var data = JsonDocument.Parse(result.Output).RootElement.GetProperty("data");
        Assert.Equal("Created", data.GetProperty("status").GetString());
        Assert.Equal("300", data.GetProperty("amount").GetRawText());
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task OrdersCreate_Table_ShowsUuidAndStatus_AndGetReadsItBack()
    {
        var created = await Runner.RunAsync("orders", "create", "--amount", "1606938044258990275541962092341162602522202993782792835301376",
            "--currency", "USDT", "--network", "tron", "--external-order-id", "ext-1");
        Assert.True(created.ExitCode == 0, created.ToString());
        var uuid = FieldOf(created.Output, "uuid");
        Assert.Matches("^[0-9a-f-]{36}$", uuid);
        Assert.Equal("Created", FieldOf(created.Output, "status"));

        var fetched = await Runner.RunAsync("orders", "get", uuid);

        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        Assert.Equal(uuid, FieldOf(fetched.Output, "uuid"));
        Assert.Equal("1606938044258990275541962092341162602522202993782792835301376", FieldOf(fetched.Output, "amount"));
        Assert.Equal("ext-1", FieldOf(fetched.Output, "external_order_id"));
    }

    [Fact]
    public async Task TriggerOrder_PendingThenPaid_OrdersGetShowsPaid_AndAnInvalidMoveExits1()
    {
        var uuid = await CreateOrderAsync();

        var pending = await Runner.RunAsync("trigger", "order", uuid, "Pending");
        var paid = await Runner.RunAsync("trigger", "order", uuid, "Paid");
        var fetched = await Runner.RunAsync("orders", "get", uuid);
        var invalid = await Runner.RunAsync("trigger", "order", uuid, "Pending");

        Assert.True(pending.ExitCode == 0, pending.ToString());
        Assert.Equal("Pending", FieldOf(pending.Output, "status"));
        Assert.True(paid.ExitCode == 0, paid.ToString());
        Assert.Equal("Paid", FieldOf(fetched.Output, "status"));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("invalid_transition", invalid.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: 409 ", invalid.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrdersGet_Unknown_Exits1WithNotFound()
    {
        var result = await Runner.RunAsync("orders", "get", Guid.NewGuid().ToString());

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: 404 not_found: ", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public async Task Checkouts_CreateTriggerWait_ShowsTheAction()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var created = await Runner.RunAsync("checkouts", "create", "--amount", "12000", "--currency", "EUR", "--notify-url", receiver.UrlFor("/ipn"),
            "--return-url", "https://shop.example/thanks", "--order-ref-1", "ref-1");
        Assert.True(created.ExitCode == 0, created.ToString());
        var uuid = FieldOf(created.Output, "uuid");
        Assert.Equal("show_identification_form", FieldOf(created.Output, "action"));

        var moved = await Runner.RunAsync("trigger", "checkout", uuid, "wait_for_id_verification",
            "--field", "session_url=https://magic.veriff.me/v/abc", "--field", "status=STARTED", "--field", "message=");
        var waited = await Runner.RunAsync("checkouts", "wait", uuid);
        var json = await Runner.RunAsync("checkouts", "wait", uuid, "--json", "--timeout", "0");

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.True(waited.ExitCode == 0, waited.ToString());
        Assert.Equal("wait_for_id_verification", FieldOf(waited.Output, "action"));
        Assert.Equal("https://magic.veriff.me/v/abc", FieldOf(waited.Output, "session_url"));
        Assert.Equal("STARTED", FieldOf(waited.Output, "status"));
        Assert.Equal("wait_for_id_verification", JsonDocument.Parse(json.Output).RootElement.GetProperty("action").GetString());
    }

    [Fact]
    public async Task TriggerCheckout_RawBodyAndScreening_AndAnUnknownFieldExits1()
    {
        var uuid = await CreateCheckoutAsync();

        var moved = await Runner.RunAsync("trigger", "checkout", uuid, "--body", """{"action":"wait_for_screening","expires_in":600}""");
        var refused = await Runner.RunAsync("trigger", "checkout", uuid, "show_error", "--field", "nonsense=1");

        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Equal("wait_for_screening", FieldOf(moved.Output, "action"));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("invalid_request", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TriggerCheckoutApprove_ShowsWaitForConfirmation_ThenTheIpnFinishesIt()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var uuid = await CreateCheckoutAsync(receiver.UrlFor("/ipn"));

        var approved = await Runner.RunAsync("trigger", "checkout-approve", uuid);
        await receiver.NextAsync();
        CliResult waited = null!;
        await Eventually.HoldsAsync(async () => FieldOf((waited = await Runner.RunAsync("checkouts", "wait", uuid)).Output, "action") == "finish", "the checkout shows finish");

        Assert.True(approved.ExitCode == 0, approved.ToString());
        Assert.Equal("finish", FieldOf(waited.Output, "action"));
    }

    [Fact]
    public async Task Piv_CreateGetTriggerFailed_ShowsTheReason()
    {
        var created = await Runner.RunAsync("piv", "create", "--customer-id", "c-123", "--expires-in", "600", "--json");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = JsonDocument.Parse(created.Output).RootElement.GetProperty("sessionId").GetString()!;

        var failed = await Runner.RunAsync("trigger", "piv", id, "FAILED", "--reason", "NAME_MISMATCH");
        var fetched = await Runner.RunAsync("piv", "get", id);
        var noReason = await Runner.RunAsync("trigger", "piv", id, "COMPLETED");

        Assert.True(failed.ExitCode == 0, failed.ToString());
        Assert.True(fetched.ExitCode == 0, fetched.ToString());
        Assert.Equal(id, FieldOf(fetched.Output, "sessionId"));
        Assert.Equal("c-123", FieldOf(fetched.Output, "customerId"));
        Assert.Equal("FAILED", FieldOf(fetched.Output, "sessionStatus"));
        Assert.Equal("NAME_MISMATCH", FieldOf(fetched.Output, "statusReason"));
        Assert.Equal(1, noReason.ExitCode);
        Assert.StartsWith("error: 409 invalid_transition", noReason.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EventsTailOnce_ListsTheEvents_AndResumesAfterACursor()
    {
        var uuid = await CreateOrderAsync();
        await Server.MoveOrderAsync(uuid, "Pending");
        await Server.MoveOrderAsync(uuid, "Paid");

        var table = await Runner.RunAsync("events", "tail", "--once");
        var json = await Runner.RunAsync("events", "tail", "--once", "--json");

        Assert.True(table.ExitCode == 0, table.ToString());
        var lines = table.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("acquiring_order.pending", lines[0], StringComparison.Ordinal);
        Assert.Contains(uuid, lines[0], StringComparison.Ordinal);
        Assert.Contains("seq=2", lines[0], StringComparison.Ordinal);
        Assert.Contains("acquiring_order.paid", lines[1], StringComparison.Ordinal);
        var events = json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["acquiring_order.pending", "acquiring_order.paid"], events.Select(e => e.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task EventsTail_Follows_UntilCancelled()
    {
        using var output = new ConcurrentWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var tail = Cli.RunAsync(["events", "tail", "--interval", "0.1", "--url", Runner.Url, "--api-key", Runner.Merchant.ApiKey,
            "--api-secret", Runner.Merchant.ApiSecret], output, error, stop.Token);

        var uuid = await CreateOrderAsync();
        await Server.MoveOrderAsync(uuid, "Pending");
        await WaitForAsync(() => output.ToString().Contains("acquiring_order.pending", StringComparison.Ordinal), output);
        await stop.CancelAsync();

        Assert.Equal(0, await tail);
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Deliveries_ListAndRetry()
    {
        await using var receiver = await FakeReceiver.StartAsync();
        var uuid = await CreateOrderAsync(receiver.UrlFor("/hook"));
        await Server.MoveOrderAsync(uuid, "Pending");
        var first = await receiver.NextAsync();
        await Runner.Merchant.WaitForDeliveriesSettledAsync();

        var list = await Runner.RunAsync("deliveries", "list", "--status", "succeeded");
        var json = await Runner.RunAsync("deliveries", "list", "--json");
        var id = JsonDocument.Parse(json.Output).RootElement.GetProperty("data")[0].GetProperty("id").GetString()!;
        var retried = await Runner.RunAsync("deliveries", "retry", id);
        var again = await receiver.NextAsync();

        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Contains(id, list.Output, StringComparison.Ordinal);
        Assert.Contains(first.Header("webhook-id")!, list.Output, StringComparison.Ordinal);
        Assert.Contains("succeeded", list.Output, StringComparison.Ordinal);
        Assert.True(retried.ExitCode == 0, retried.ToString());
        Assert.Equal(id, FieldOf(retried.Output, "id"));
        Assert.Equal("pending", FieldOf(retried.Output, "status"));
        Assert.Equal(first.Header("webhook-id"), again.Header("webhook-id"));
    }

    [Fact]
    public async Task DeliveriesList_BadStatus_IsAUsageError()
    {
        var result = await Runner.RunAsync("deliveries", "list", "--status", "bogus");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("bogus", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingApiKey_Exits1NamingTheVariable()
    {
        var result = await CliRunner.RunRawAsync(["orders", "get", Guid.NewGuid().ToString(), "--url", Runner.Url]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PAYSTATE_API_KEY", result.Error, StringComparison.Ordinal);
        Assert.StartsWith("error: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingProcessorToken_Exits1NamingTheVariable()
    {
        var result = await CliRunner.RunRawAsync(["trigger", "order", Guid.NewGuid().ToString(), "Paid", "--url", Runner.Url]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("PAYSTATE_PROCESSOR_TOKEN", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongSecret_Exits1WithInvalidSignature()
    {
        var result = await CliRunner.RunRawAsync(["events", "tail", "--once", "--url", Runner.Url, "--api-key", Runner.Merchant.ApiKey, "--api-secret", "sk_wrong"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: 401 invalid_signature", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnreachableServer_Exits1WithAClearMessage()
    {
        var down = FakeReceiver.UnreachableUrl();

        var result = await CliRunner.RunRawAsync(["orders", "get", Guid.NewGuid().ToString(), "--url", down, "--api-key", "pk_x", "--api-secret", "sk_x"]);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: cannot reach PayState at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsageErrors_Exit2()
    {
        var missing = await Runner.RunAsync("orders", "create", "--amount", "300");
        var badAmount = await Runner.RunAsync("orders", "create", "--amount", "3.5", "--currency", "USDT", "--network", "ethereum");
        var unknown = await CliRunner.RunRawAsync(["nonsense"]);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("--currency", missing.Error, StringComparison.Ordinal);
        Assert.Equal(1, badAmount.ExitCode);
        Assert.Contains("--amount", badAmount.Error, StringComparison.Ordinal);
        Assert.Equal(2, unknown.ExitCode);
    }

    [Fact]
    public async Task Listen_ReceivesVerifiesPrintsAndForwards()
    {
        await using var app = await FakeReceiver.StartAsync();
        var port = LoopbackPort.Free();
        using var output = new ConcurrentWriter();
        using var error = new ConcurrentWriter();
        using var stop = new CancellationTokenSource();
        var listen = Cli.RunAsync(["listen", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--secret", Runner.Merchant.WebhookSecret, "--forward-to", app.UrlFor("/webhooks")], output, error, stop.Token);
        await WaitForAsync(() => output.ToString().Contains("Listening on", StringComparison.Ordinal), output);

        var uuid = await CreateOrderAsync($"http://127.0.0.1:{port}/");
        await Server.MoveOrderAsync(uuid, "Pending");
        var forwarded = await app.NextAsync();
        var eventId = forwarded.Header("webhook-id")!;
        await WaitForAsync(() => output.ToString().Contains(eventId, StringComparison.Ordinal), output);
        await stop.CancelAsync();

        Assert.Equal(0, await listen);
        Assert.Contains($"{eventId}  seq=2  ", output.ToString(), StringComparison.Ordinal);
        Assert.Equal("2", forwarded.Header("PayState-Sequence"));
        Assert.NotNull(forwarded.Header("webhook-signature"));
        Assert.Equal("Pending", JsonDocument.Parse(forwarded.Body).RootElement.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("", error.ToString());
    }

    [Fact]
    public async Task Listen_WrongSecret_RejectsTheWebhook()
    {
        var port = LoopbackPort.Free();
        using var output = new ConcurrentWriter();
        using var error = new ConcurrentWriter();
        using var stop = new CancellationTokenSource();
        var listen = Cli.RunAsync(["listen", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--secret", "whsec_" + Convert.ToBase64String(new byte[32])], output, error, stop.Token);
        await WaitForAsync(() => output.ToString().Contains("Listening on", StringComparison.Ordinal), output);

        var uuid = await CreateOrderAsync($"http://127.0.0.1:{port}/");
        await Server.MoveOrderAsync(uuid, "Pending");
        await WaitForAsync(() => error.ToString().Contains("invalid or missing webhook signature", StringComparison.Ordinal), error);
        await stop.CancelAsync();

        Assert.Equal(0, await listen);
    }

    [Fact]
    public async Task Listen_ForwardTargetDown_Answers502SoPayStateRetries()
    {
        var port = LoopbackPort.Free();
        using var output = new ConcurrentWriter();
        using var error = new ConcurrentWriter();
        using var stop = new CancellationTokenSource();
        var listen = Cli.RunAsync(["listen", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--secret", Runner.Merchant.WebhookSecret, "--forward-to", FakeReceiver.UnreachableUrl()], output, error, stop.Token);
        await WaitForAsync(() => output.ToString().Contains("Listening on", StringComparison.Ordinal), output);

        var uuid = await CreateOrderAsync($"http://127.0.0.1:{port}/");
        await Server.MoveOrderAsync(uuid, "Pending");
        await WaitForAsync(() => error.ToString().Contains("failed", StringComparison.Ordinal), error);
        await Runner.Merchant.WaitForDeliveriesSettledAsync();
        var failed = await Runner.RunAsync("deliveries", "list", "--status", "failed");
        await stop.CancelAsync();

        Assert.Equal(0, await listen);
        Assert.Contains("502", failed.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_BadArguments_Exit1()
    {
        var noSecret = await CliRunner.RunRawAsync(["listen", "--port", "0"]);
        var badTarget = await CliRunner.RunRawAsync(["listen", "--port", "0", "--secret", "whsec_AAAA", "--forward-to", "ftp://x"]);

        Assert.Equal(1, noSecret.ExitCode);
        Assert.Contains("PAYSTATE_WEBHOOK_SECRET", noSecret.Error, StringComparison.Ordinal);
        Assert.Equal(1, badTarget.ExitCode);
        Assert.Contains("--forward-to", badTarget.Error, StringComparison.Ordinal);
    }

    private async Task<string> CreateOrderAsync(string? webhookUrl = null)
    {
        string[] args = ["orders", "create", "--amount", "300", "--currency", "USDT", "--network", "ethereum", "--json"];
        var result = await Runner.RunAsync(webhookUrl is null ? args : [.. args, "--webhook-url", webhookUrl]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("data").GetProperty("uuid").GetString()!;
    }

    private async Task<string> CreateCheckoutAsync(string notifyUrl = "https://shop.example/ipn")
    {
        var result = await Runner.RunAsync("checkouts", "create", "--amount", "12000", "--currency", "EUR", "--notify-url", notifyUrl,
            "--return-url", "https://shop.example/thanks", "--json");
        Assert.True(result.ExitCode == 0, result.ToString());
        return JsonDocument.Parse(result.Output).RootElement.GetProperty("uuid").GetString()!;
    }

    // The value of one "name  value" row of a table.
    private static string FieldOf(string table, string name)
    {
        foreach (var line in table.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.StartsWith(name + " ", StringComparison.Ordinal)) return trimmed[name.Length..].Trim();
        }
        throw new Xunit.Sdk.XunitException($"No row '{name}' in:\n{table}");
    }

    private static async Task WaitForAsync(Func<bool> condition, TextWriter seen)
    {
        try
        {
            await Eventually.HoldsAsync(condition, "the output");
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"Timed out; output so far:\n{seen}", e);
        }
    }
}
