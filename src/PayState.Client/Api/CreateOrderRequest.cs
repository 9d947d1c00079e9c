using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The fields of a new acquiring order; null fields are left out of the request.</summary>
/// <param name="Amount">Required: the amount in the token's smallest units (&gt; 0, up to 78 digits), sent digit for digit.</param>
/// <param name="Currency">Required: the token symbol, e.g. <c>USDT</c>.</param>
/// <param name="Network">Required: the network, e.g. <c>ethereum</c> or <c>tron</c>.</param>
/// <param name="ExternalOrderId">Optional merchant order id (at most 255 characters).</param>
/// <param name="ExternalClientId">Optional merchant client id (at most 255 characters).</param>
/// <param name="ExternalData">Optional JSON object (at most 16 KiB), returned as sent.</param>
/// <param name="WebhookUrl">Optional http(s) URL every change is POSTed to.</param>
/// <param name="IsTest">Optional test flag (server default false).</param>
/// <param name="ExpiresIn">Optional lifetime in whole seconds, 60 to 604800 (server default 1800).</param>
public sealed record CreateOrderRequest(
    [property: JsonPropertyName("amount"), JsonConverter(typeof(BigIntegerJsonConverter))] BigInteger Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("network")] string Network,
    [property: JsonPropertyName("external_order_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExternalOrderId = null,
    [property: JsonPropertyName("external_client_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ExternalClientId = null,
    [property: JsonPropertyName("external_data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? ExternalData = null,
    [property: JsonPropertyName("webhook_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? WebhookUrl = null,
    [property: JsonPropertyName("is_test"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsTest = null,
    [property: JsonPropertyName("expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ExpiresIn = null);
