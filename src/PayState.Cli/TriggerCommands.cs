using System.CommandLine;
using System.Text.Json;
using PayState.Client;

namespace PayState.Cli;

/// <summary>
/// <c>paystate trigger ...</c>: the processor's moves (processor token), so a developer can drive an order, a checkout
/// or a verification session through its lifecycle by hand.
/// </summary>
internal static class TriggerCommands
{
    public static Command Create(CliContext context)
    {
        var trigger = new Command("trigger", "Make a processor move (needs the processor token)");
        trigger.Subcommands.Add(OrderCommand(context));
        trigger.Subcommands.Add(CheckoutCommand(context));
        trigger.Subcommands.Add(CheckoutIpnCommand(context, "checkout-approve", "Approve a checkout: wait_for_confirmation, and the IPN goes out",
            (client, uuid, ct) => client.ApproveCheckoutAsync(uuid, ct)));
        trigger.Subcommands.Add(CheckoutIpnCommand(context, "checkout-hold", "Put a checkout on hold: wait_for_on_hold, and the IPN goes out",
            (client, uuid, ct) => client.HoldCheckoutAsync(uuid, ct)));
        trigger.Subcommands.Add(PivCommand(context));
        return trigger;
    }

    private static Command OrderCommand(CliContext context)
    {
        var uuid = new Argument<string>("uuid") { Description = "The order's uuid" };
        var status = new Argument<string>("status") { Description = "Pending, Paid or Failed" };
        var command = new Command("order", "Move an acquiring order") { uuid, status };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var response = await settings.ProcessorClient(http)
                .MoveOrderAsync(parseResult.GetValue(uuid)!, parseResult.GetValue(status)!, ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, OrdersCommands.Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command CheckoutCommand(CliContext context)
    {
        var uuid = new Argument<string>("uuid") { Description = "The checkout's uuid" };
        var action = new Argument<string?>("action") { Description = "The new action, e.g. wait_for_id_verification", Arity = ArgumentArity.ZeroOrOne };
        var fields = new Option<string[]>("--field")
        {
            Description = "An action field as name=value (repeatable); a value that is JSON (30, [], true) is sent as JSON, anything else as a string",
        };
        var body = new Option<string?>("--body") { Description = "The whole action body as raw JSON, instead of action and --field" };
        var command = new Command("checkout", "Set a checkout's action with its fields") { uuid, action, fields, body };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var json = parseResult.GetValue(body) is { } raw
                ? (parseResult.GetValue(action) is null && (parseResult.GetValue(fields) ?? []).Length == 0
                    ? raw
                    : throw new CliException("give either --body or an action with --field, not both."))
                : ActionBody(parseResult.GetValue(action) ?? throw new CliException("give the action (or the whole body as --body)."),
                    parseResult.GetValue(fields) ?? []);
            using var http = settings.CreateHttp();
            var response = await settings.ProcessorClient(http).SetCheckoutActionAsync(parseResult.GetValue(uuid)!, json, ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, answer => CheckoutsCommands.ActionTable(answer)).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command CheckoutIpnCommand(
        CliContext context, string name, string description, Func<PayStateProcessorClient, string, CancellationToken, Task<PayStateResponse>> move)
    {
        var uuid = new Argument<string>("uuid") { Description = "The checkout's uuid" };
        var command = new Command(name, description) { uuid };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var response = await move(settings.ProcessorClient(http), parseResult.GetValue(uuid)!, ct).ConfigureAwait(false);
            // The answer may be empty; then there is nothing to show but success.
            if (response.Body.Length == 0) await context.Output.WriteLineAsync($"{name}: {response.StatusCode}").ConfigureAwait(false);
            else await Output.WriteAsync(context.Output, settings, response.Body, answer => CheckoutsCommands.ActionTable(answer)).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command PivCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The session's id" };
        var status = new Argument<string>("status") { Description = "AWAITING_USER_INPUT, ONGOING_VERIFICATION, COMPLETED or FAILED" };
        var reason = new Option<string?>("--reason") { Description = "The statusReason: required with FAILED, e.g. NAME_MISMATCH" };
        var command = new Command("piv", "Move a verification session") { id, status, reason };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var response = await settings.ProcessorClient(http)
                .MoveSessionAsync(parseResult.GetValue(id)!, parseResult.GetValue(status)!, parseResult.GetValue(reason), ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, PivCommands.Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static string ActionBody(string action, string[] fields) => Json.Object(w =>
    {
        w.WriteString("action", action);
        foreach (var field in fields)
        {
            var equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new CliException($"--field takes name=value, not '{field}'.");
            w.WritePropertyName(field[..equals]);
            var value = field[(equals + 1)..];
            if (IsJson(value)) w.WriteRawValue(value);
            else w.WriteStringValue(value);
        }
    });

    private static bool IsJson(string value)
    {
        if (value.Length == 0) return false;
        try
        {
            using var _ = JsonDocument.Parse(value);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
