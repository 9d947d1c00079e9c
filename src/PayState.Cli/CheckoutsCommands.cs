using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace PayState.Cli;

/// <summary><c>paystate checkouts create|wait</c>: BNPL checkouts.</summary>
internal static class CheckoutsCommands
{
    public static Command Create(CliContext context)
    {
        var checkouts = new Command("checkouts", "BNPL checkouts");
        checkouts.Subcommands.Add(CreateCommand(context));
        checkouts.Subcommands.Add(WaitCommand(context));
        return checkouts;
    }

    /// A checkout's action and exactly its fields, as the wait endpoint (and trigger checkout) answer them.
    public static string ActionTable(JsonElement answer, string? etag = null)
    {
        var rows = Output.AllFields(answer).ToList();
        if (etag is not null) rows.Add(("etag", etag));
        return Output.Fields([.. rows]);
    }

    private static Command CreateCommand(CliContext context)
    {
        var amount = new Option<long>("--amount") { Description = "Amount in minor units", Required = true };
        var currency = new Option<string>("--currency") { Description = "ISO 4217 code, e.g. EUR", Required = true };
        var notifyUrl = new Option<string>("--notify-url") { Description = "Where the IPN is POSTed", Required = true };
        var returnUrl = new Option<string>("--return-url") { Description = "Where the shopper is sent back to", Required = true };
        var orderRef1 = new Option<string?>("--order-ref-1") { Description = "Your first reference" };
        var orderRef2 = new Option<string?>("--order-ref-2") { Description = "Your second reference" };
        var command = new Command("create", "Create a checkout") { amount, currency, notifyUrl, returnUrl, orderRef1, orderRef2 };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var body = Json.Object(w =>
            {
                Json.WriteOptional(w, "order_ref_1", parseResult.GetValue(orderRef1));
                Json.WriteOptional(w, "order_ref_2", parseResult.GetValue(orderRef2));
                w.WriteNumber("amount", parseResult.GetValue(amount));
                w.WriteString("currency", parseResult.GetValue(currency));
                w.WriteString("notify_url", parseResult.GetValue(notifyUrl));
                w.WriteString("return_url", parseResult.GetValue(returnUrl));
            });
            using var http = settings.CreateHttp();
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Post, "/api/v1/checkouts", body, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, answer => Output.Fields(
                ("uuid", Output.Text(answer, "uuid")),
                ("action", Output.Text(answer, "action")))).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command WaitCommand(CliContext context)
    {
        var uuid = new Argument<string>("uuid") { Description = "The checkout's uuid" };
        var timeout = new Option<int?>("--timeout") { Description = "Long-poll up to this many seconds (0 to 60) for a change" };
        var etag = new Option<string?>("--if-none-match", "--etag")
        {
            Description = "The ETag of the last answer (sent as If-None-Match): waits for a version after it, so no change between polls is missed",
        };
        var command = new Command("wait", "Read (or long-poll) a checkout's current action, as the shopper's browser does") { uuid, timeout, etag };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var seconds = parseResult.GetValue(timeout);
            var query = seconds is { } s ? $"?timeout={s.ToString(CultureInfo.InvariantCulture)}" : "";
            var headers = parseResult.GetValue(etag) is { } tag ? new Dictionary<string, string> { ["If-None-Match"] = Quoted(tag) } : null;
            using var http = settings.CreateHttp();
            // Longer than the server's longest hold (60 s), so a long-poll is never cut short by the client.
            http.Timeout = TimeSpan.FromSeconds(90);
            // The wait endpoint is public: the uuid is the credential, so no API key is needed.
            var response = await CliSettings.PublicClient(http).SendAsync(
                HttpMethod.Get, $"/api/v1/checkout/{Uri.EscapeDataString(parseResult.GetValue(uuid)!)}/wait{query}", null, headers, sign: false, ct)
                .ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, answer => ActionTable(answer, response.ETag)).ConfigureAwait(false);
            // --json keeps stdout the server's body as it is; the ETag, which a script needs for its next long-poll, goes to stderr.
            if (settings.Json && response.ETag is { } answered) await context.Error.WriteLineAsync($"ETag: {answered}").ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    // An ETag is quoted on the wire; accept it with or without quotes, since shells tend to eat them.
    private static string Quoted(string etag) => etag.StartsWith('"') || etag.StartsWith("W/", StringComparison.Ordinal) ? etag : $"\"{etag}\"";
}
