using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace PayState.Cli;

/// <summary>
/// <c>paystate pay ORDER_UUID [--amount N]</c>: in sandbox, with the server watching a development chain (Anvil), pays
/// the order on that chain from the node's first funded account; the server's watcher then moves the order.
/// </summary>
internal static class PayCommand
{
    public static Command Create(CliContext context)
    {
        var uuid = new Argument<string>("uuid") { Description = "The order's uuid" };
        var amount = new Option<string?>("--amount") { Description = "Amount in the token's smallest units (default: the order's amount)" };
        var command = new Command("pay", "Sandbox: pay an order on the development chain the server watches") { uuid, amount };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var body = parseResult.GetValue(amount) is { } digits
                ? Json.Object(w =>
                {
                    // Digit for digit, like orders create: amounts go past any .NET number type but BigInteger.
                    if (!BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                        throw new CliException($"--amount must be a whole number of smallest units, not '{digits}'.");
                    w.WritePropertyName("amount");
                    w.WriteRawValue(value.ToString(CultureInfo.InvariantCulture));
                })
                : null;
            using var http = settings.CreateHttp();
            var path = $"/sandbox/v1/acquiring/order/{Uri.EscapeDataString(parseResult.GetValue(uuid)!)}/pay";
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Post, path, body, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, answer => Output.Fields(
                ("tx_hash", Output.Text(answer, "tx_hash")),
                ("from", Output.Text(answer, "from")),
                ("to", Output.Text(answer, "to")),
                ("amount", Output.Text(answer, "amount")),
                ("currency", Output.Text(answer, "currency")))).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }
}
