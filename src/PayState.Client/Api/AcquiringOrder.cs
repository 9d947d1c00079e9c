using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// An acquiring (crypto payment) order, the <c>data</c> of the server's <c>{"success":true,"data":...}</c> envelope:
/// what the status API answers and what its webhook carries.
/// </summary>
public sealed record AcquiringOrder
{
    /// <summary>The order's uuid.</summary>
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    /// <summary>The terminal that created it.</summary>
    [JsonPropertyName("terminal_uuid")]
    public required string TerminalUuid { get; init; }

    /// <summary>The amount in the token's smallest units, exactly (up to 78 digits).</summary>
    [JsonPropertyName("amount"), JsonConverter(typeof(BigIntegerJsonConverter))]
    public required BigInteger Amount { get; init; }

    /// <summary>The token.</summary>
    [JsonPropertyName("currency")]
    public required OrderCurrency Currency { get; init; }

    /// <summary>Where to pay.</summary>
    [JsonPropertyName("wallet")]
    public required OrderWallet Wallet { get; init; }

    /// <summary>The merchant's order id, if given.</summary>
    [JsonPropertyName("external_order_id")]
    public string? ExternalOrderId { get; init; }

    /// <summary>The merchant's client id, if given.</summary>
    [JsonPropertyName("external_client_id")]
    public string? ExternalClientId { get; init; }

    /// <summary>The merchant's JSON object, as sent, if given.</summary>
    [JsonPropertyName("external_data")]
    public JsonElement? ExternalData { get; init; }

    /// <summary>1 Created, 2 Pending, 3 Paid, 4 Expired, 5 Failed.</summary>
    [JsonPropertyName("status_id")]
    public required int StatusId { get; init; }

    /// <summary>The status name: one of <see cref="OrderStatuses"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>Where changes are POSTed, if given.</summary>
    [JsonPropertyName("webhook_url")]
    public string? WebhookUrl { get; init; }

    /// <summary>Whether this is a test order.</summary>
    [JsonPropertyName("is_test")]
    public required bool IsTest { get; init; }

    /// <summary>When it was created.</summary>
    [JsonPropertyName("created_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it reached Paid or Failed; null otherwise.</summary>
    [JsonPropertyName("transaction_end_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public DateTimeOffset? TransactionEndAt { get; init; }

    /// <summary>When a Created order expires.</summary>
    [JsonPropertyName("expired_at"), JsonConverter(typeof(WireTimeJsonConverter))]
    public required DateTimeOffset ExpiredAt { get; init; }
}
