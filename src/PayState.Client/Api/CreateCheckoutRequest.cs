using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The fields of a new BNPL checkout; null references are left out of the request.</summary>
public sealed record CreateCheckoutRequest
{
    /// <summary>Optional merchant reference (at most 255 characters).</summary>
    [JsonPropertyName("order_ref_1"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OrderRef1 { get; init; }

    /// <summary>Optional second merchant reference (at most 255 characters).</summary>
    [JsonPropertyName("order_ref_2"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? OrderRef2 { get; init; }

    /// <summary>Required positive whole amount in minor units (at most 18 digits).</summary>
    [JsonPropertyName("amount")]
    public required long Amount { get; init; }

    /// <summary>Required ISO 4217 code, e.g. <c>EUR</c>.</summary>
    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>Required: where the IPN is POSTed.</summary>
    [JsonPropertyName("notify_url")]
    public required string NotifyUrl { get; init; }

    /// <summary>Required http(s) URL the shopper is sent back to.</summary>
    [JsonPropertyName("return_url")]
    public required string ReturnUrl { get; init; }
}
