using System.CommandLine;
using System.Text.Json;

namespace PayState.Cli;

/// <summary><c>paystate piv create|get</c>: payment instrument verification sessions.</summary>
internal static class PivCommands
{
    private const string SessionsPath = "/api/v1/piv/sessions";

    public static Command Create(CliContext context)
    {
        var piv = new Command("piv", "Payment instrument verification sessions");
        piv.Subcommands.Add(CreateCommand(context));
        piv.Subcommands.Add(GetCommand(context));
        return piv;
    }

    /// The session table shared with trigger piv.
    public static string Table(JsonElement session) => Output.Fields(
        ("sessionId", Output.Text(session, "sessionId")),
        ("customerId", Output.Text(session, "customerId")),
        ("sessionStatus", Output.Text(session, "sessionStatus")),
        ("statusReason", Output.Text(session, "statusReason")),
        ("createdAt", Output.Text(session, "createdAt")),
        ("expiresAt", Output.Text(session, "expiresAt")));

    private static Command CreateCommand(CliContext context)
    {
        var customerId = new Option<string>("--customer-id") { Description = "Your customer's id", Required = true };
        var expiresIn = new Option<int?>("--expires-in") { Description = "Lifetime in seconds, 60 to 604800 (server default 3600)" };
        var command = new Command("create", "Create a verification session") { customerId, expiresIn };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var body = Json.Object(w =>
            {
                w.WriteString("customerId", parseResult.GetValue(customerId));
                if (parseResult.GetValue(expiresIn) is { } seconds) w.WriteNumber("expiresIn", seconds);
            });
            using var http = settings.CreateHttp();
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Post, SessionsPath, body, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command GetCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The session's id" };
        var command = new Command("get", "Read a verification session") { id };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var path = $"{SessionsPath}/{Uri.EscapeDataString(parseResult.GetValue(id)!)}";
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Get, path, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }
}
