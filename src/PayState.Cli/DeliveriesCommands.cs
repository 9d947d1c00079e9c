using System.CommandLine;
using System.Text.Json;

namespace PayState.Cli;

/// <summary><c>paystate deliveries list|get|retry</c>: webhook deliveries.</summary>
internal static class DeliveriesCommands
{
    private const string DeliveriesPath = "/api/v1/webhook-deliveries";

    public static Command Create(CliContext context)
    {
        var deliveries = new Command("deliveries", "Webhook deliveries");
        deliveries.Subcommands.Add(ListCommand(context));
        deliveries.Subcommands.Add(GetCommand(context));
        deliveries.Subcommands.Add(RetryCommand(context));
        return deliveries;
    }

    private static Command ListCommand(CliContext context)
    {
        var status = new Option<string?>("--status") { Description = "Only deliveries in this status" };
        status.AcceptOnlyFromAmong("pending", "failed", "succeeded", "dead");
        var cursor = new Option<string?>("--cursor") { Description = "The next_cursor of the previous page" };
        var command = new Command("list", "List deliveries, newest first") { status, cursor };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var query = string.Join("&", new[] { ("status", parseResult.GetValue(status)), ("cursor", parseResult.GetValue(cursor)) }
                .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}"));
            using var http = settings.CreateHttp();
            var response = await settings.MerchantClient(http)
                .SendAsync(HttpMethod.Get, query.Length == 0 ? DeliveriesPath : $"{DeliveriesPath}?{query}", cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command GetCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The delivery's id" };
        var command = new Command("get", "One delivery and its attempt log: time, duration, status code or error, the answer's first bytes") { id };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var path = $"{DeliveriesPath}/{Uri.EscapeDataString(parseResult.GetValue(id)!)}";
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Get, path, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, DeliveryDetail.Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command RetryCommand(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The delivery's id" };
        var command = new Command("retry", "Send a delivery again now (also a dead one)") { id };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var path = $"{DeliveriesPath}/{Uri.EscapeDataString(parseResult.GetValue(id)!)}/retry";
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Post, path, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, delivery => Output.Fields(
                ("id", Output.Text(delivery, "id")),
                ("status", Output.Text(delivery, "status")),
                ("attempts", Output.Text(delivery, "attempts")),
                ("next_attempt_at", Output.Text(delivery, "next_attempt_at")))).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static string Table(JsonElement page)
    {
        string[] headers = ["id", "status", "attempts", "last_status", "event_id", "object_id", "url"];
        var rows = page.GetProperty("data").EnumerateArray().Select(d => (IReadOnlyList<string>)
        [
            Output.Text(d, "id"), Output.Text(d, "status"), Output.Text(d, "attempts"), Output.Text(d, "last_status_code"),
            Output.Text(d, "event_id"), Output.Text(d, "object_id"), Output.Text(d, "url"),
        ]).ToList();
        var table = Output.Columns(headers, rows);
        return Output.Text(page, "next_cursor") is var next and not "-" ? table + $"next cursor: {next}{Environment.NewLine}" : table;
    }
}
