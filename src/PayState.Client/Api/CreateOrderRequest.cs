using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The fields of a new acquiring order; null fields are left out of the request.</summary>
public sealed record CreateOrderRequest
{
    /// <summary>Required: the amount in the token's smallest units (&gt; 0, up to 78 digits), sent digit for digit.</summary>
    [JsonPropertyName("amount"), JsonConverter(typeof(BigIntegerJsonConverter))]
    public required BigInteger Amount { get; init; }

    /// <summary>Required: the token symbol, e.g. <c>USDT</c>.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>Required: the network, e.g. <c>ethereum</c> or <c>tron</c>.</summary>
    [JsonPropertyName("network")]
    public required string Network { get; init; }

    /// <summary>Optional merchant order id (at most 255 characters).</summary>
    [JsonPropertyName("external_order_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExternalOrderId { get; init; }

    /// <summary>Optional merchant client id (at most 255 characters).</summary>
    [JsonPropertyName("external_client_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ExternalClientId { get; init; }

    /// <summary>Optional JSON object (at most 16 KiB), returned as sent.</summary>
    [JsonPropertyName("external_data"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? ExternalData { get; init; }

    /// <summary>Optional http(s) URL every change is POSTed to.</summary>
    [JsonPropertyName("webhook_url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? WebhookUrl { get; init; }

    /// <summary>Optional test flag (server default false).</summary>
    [JsonPropertyName("is_test"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? IsTest { get; init; }

    /// <summary>Optional lifetime in whole seconds, 60 to 604800 (server default 1800).</summary>
    [JsonPropertyName("expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ExpiresIn { get; init; }
}
