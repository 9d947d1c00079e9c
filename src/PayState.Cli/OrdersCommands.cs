using System.CommandLine;
using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace PayState.Cli;

/// <summary><c>paystate orders create|get</c>: acquiring (crypto payment) orders.</summary>
internal static class OrdersCommands
{
    public const string OrderPath = "/api/public/v1/acquiring/order";

    public static Command Create(CliContext context)
    {
        var orders = new Command("orders", "Acquiring (crypto payment) orders");
        orders.Subcommands.Add(CreateCommand(context));
        orders.Subcommands.Add(GetCommand(context));
        return orders;
    }

    /// The order table shared with trigger order.
    public static string Table(JsonElement answer)
    {
        var order = Output.Data(answer);
        return Output.Fields(
            ("uuid", Output.Text(order, "uuid")),
            ("status", Output.Text(order, "status")),
            ("amount", Output.Text(order, "amount")),
            ("currency", Output.Text(order, "currency", "symbol")),
            ("network", Output.Text(order, "wallet", "network")),
            ("wallet", Output.Text(order, "wallet", "wallet_address")),
            ("external_order_id", Output.Text(order, "external_order_id")),
            ("webhook_url", Output.Text(order, "webhook_url")),
            ("created_at", Output.Text(order, "created_at")),
            ("expired_at", Output.Text(order, "expired_at")),
            ("transaction_end_at", Output.Text(order, "transaction_end_at")));
    }

    private static Command CreateCommand(CliContext context)
    {
        var amount = new Option<string>("--amount") { Description = "Amount in the token's smallest units (up to 78 digits)", Required = true };
        var currency = new Option<string>("--currency") { Description = "Token symbol, e.g. USDT", Required = true };
        var network = new Option<string>("--network") { Description = "Network: ethereum or tron", Required = true };
        var webhookUrl = new Option<string?>("--webhook-url") { Description = "Where every change is POSTed" };
        var externalOrderId = new Option<string?>("--external-order-id") { Description = "Your order id" };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Idempotency-Key: a retry with the same key creates nothing" };
        var command = new Command("create", "Create an order") { amount, currency, network, webhookUrl, externalOrderId, idempotencyKey };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            var digits = parseResult.GetValue(amount)!;
            // Sent as a JSON integer digit for digit: the server takes up to 78 digits, more than any .NET number type but BigInteger.
            if (!BigInteger.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                throw new CliException($"--amount must be a whole number of smallest units, not '{digits}'.");
            var body = Json.Object(w =>
            {
                w.WritePropertyName("amount");
                w.WriteRawValue(value.ToString(CultureInfo.InvariantCulture));
                w.WriteString("currency", parseResult.GetValue(currency));
                w.WriteString("network", parseResult.GetValue(network));
                Json.WriteOptional(w, "external_order_id", parseResult.GetValue(externalOrderId));
                Json.WriteOptional(w, "webhook_url", parseResult.GetValue(webhookUrl));
            });
            var headers = parseResult.GetValue(idempotencyKey) is { } key ? new Dictionary<string, string> { ["Idempotency-Key"] = key } : null;
            using var http = settings.CreateHttp();
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Post, OrderPath, body, headers, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }

    private static Command GetCommand(CliContext context)
    {
        var uuid = new Argument<string>("uuid") { Description = "The order's uuid" };
        var command = new Command("get", "Read an order") { uuid };
        command.SetAction((parseResult, ct) => context.RunAsync(parseResult, async settings =>
        {
            using var http = settings.CreateHttp();
            var path = $"{OrderPath}/{Uri.EscapeDataString(parseResult.GetValue(uuid)!)}";
            var response = await settings.MerchantClient(http).SendAsync(HttpMethod.Get, path, cancellationToken: ct).ConfigureAwait(false);
            await Output.WriteAsync(context.Output, settings, response.Body, Table).ConfigureAwait(false);
            return 0;
        }, ct));
        return command;
    }
}
