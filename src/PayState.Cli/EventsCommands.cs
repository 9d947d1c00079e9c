using System.CommandLine;
using System.Globalization;
using System.Text.Json;

namespace PayState.Cli;

/// <summary><c>paystate events tail</c>: follows the events API, one line per event.</summary>
internal static class EventsCommands
{
    private const int PageSize = 100;

    public static Command Create(CliContext context)
    {
        var events = new Command("events", "The merchant's events, in commit order");
        events.Subcommands.Add(TailCommand(context));
        return events;
    }

    private static Command TailCommand(CliContext context)
    {
        var after = new Option<string?>("--after") { Description = "Start after this cursor (default: from the first event)" };
        var once = new Option<bool>("--once") { Description = "Print the events there are now and exit, instead of following" };
        var interval = new Option<double>("--interval") { Description = "Seconds between polls while following", DefaultValueFactory = _ => 1 };
        var command = new Command("tail", "Print events as they commit (--json: each event's JSON on one line)") { after, once, interval };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var cursor = parseResult.GetValue(after);
            var delay = TimeSpan.FromSeconds(Math.Max(0.05, parseResult.GetValue(interval)));
            using var http = settings.CreateHttp();
            var client = settings.MerchantClient(http);
            try
            {
                while (true)
                {
                    var query = $"/api/v1/events?limit={PageSize.ToString(CultureInfo.InvariantCulture)}"
                        + (cursor is null ? "" : $"&after={Uri.EscapeDataString(cursor)}");
                    var response = await client.SendAsync(HttpMethod.Get, query, cancellationToken: ct).ConfigureAwait(false);
                    using var page = JsonDocument.Parse(response.Body);
                    var data = page.RootElement.GetProperty("data");
                    foreach (var item in data.EnumerateArray())
                        await context.Output.WriteLineAsync(settings.Json ? item.GetRawText() : Line(item)).ConfigureAwait(false);
                    await context.Output.FlushAsync(ct).ConfigureAwait(false);
                    // next_cursor always points past what was answered (null only before the first event ever).
                    if (page.RootElement.TryGetProperty("next_cursor", out var next) && next.ValueKind == JsonValueKind.String) cursor = next.GetString();
                    // A full page means more may be waiting: fetch it at once rather than after the poll interval.
                    if (data.GetArrayLength() == PageSize) continue;
                    if (parseResult.GetValue(once)) return 0;
                    await Task.Delay(delay, ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C is how a follow ends.
                return 0;
            }
        }, ct));
        return command;
    }

    private static string Line(JsonElement item) => string.Join("  ",
        Output.Text(item, "created_at"), Output.Text(item, "id"), Output.Text(item, "type"), Output.Text(item, "object_id"),
        $"seq={Output.Text(item, "sequence")}");
}
