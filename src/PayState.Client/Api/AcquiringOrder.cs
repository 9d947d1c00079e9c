using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>An acquiring (crypto payment) order, the <c>data</c> of the server's <c>{"success":true,"data":...}</c> envelope.</summary>
/// <param name="Uuid">The order's uuid.</param>
/// <param name="TerminalUuid">The terminal that created it.</param>
/// <param name="Amount">The amount in the token's smallest units, exactly (up to 78 digits).</param>
/// <param name="Currency">The token.</param>
/// <param name="Wallet">Where to pay.</param>
/// <param name="ExternalOrderId">The merchant's order id, if given.</param>
/// <param name="ExternalClientId">The merchant's client id, if given.</param>
/// <param name="ExternalData">The merchant's JSON object, as sent, if given.</param>
/// <param name="StatusId">1 Created, 2 Pending, 3 Paid, 4 Expired, 5 Failed.</param>
/// <param name="Status">The status name (<c>Created</c>, <c>Pending</c>, <c>Paid</c>, <c>Expired</c>, <c>Failed</c>).</param>
/// <param name="WebhookUrl">Where changes are POSTed, if given.</param>
/// <param name="IsTest">Whether this is a test order.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="TransactionEndAt">When it reached Paid or Failed; null otherwise.</param>
/// <param name="ExpiredAt">When a Created order expires.</param>
public sealed record AcquiringOrder(
    [property: JsonPropertyName("uuid")] string Uuid,
    [property: JsonPropertyName("terminal_uuid")] string TerminalUuid,
    [property: JsonPropertyName("amount"), JsonConverter(typeof(BigIntegerJsonConverter))] BigInteger Amount,
    [property: JsonPropertyName("currency")] OrderCurrency Currency,
    [property: JsonPropertyName("wallet")] OrderWallet Wallet,
    [property: JsonPropertyName("external_order_id")] string? ExternalOrderId,
    [property: JsonPropertyName("external_client_id")] string? ExternalClientId,
    [property: JsonPropertyName("external_data")] JsonElement? ExternalData,
    [property: JsonPropertyName("status_id")] int StatusId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("webhook_url")] string? WebhookUrl,
    [property: JsonPropertyName("is_test")] bool IsTest,
    [property: JsonPropertyName("created_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("transaction_end_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset? TransactionEndAt,
    [property: JsonPropertyName("expired_at"), JsonConverter(typeof(WireTimeJsonConverter))] DateTimeOffset ExpiredAt);
