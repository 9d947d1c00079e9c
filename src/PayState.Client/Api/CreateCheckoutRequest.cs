using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>The fields of a new BNPL checkout; null references are left out of the request.</summary>
/// <param name="OrderRef1">Optional merchant reference (at most 255 characters).</param>
/// <param name="OrderRef2">Optional second merchant reference (at most 255 characters).</param>
/// <param name="Amount">Required positive whole amount in minor units (at most 18 digits).</param>
/// <param name="Currency">Required ISO 4217 code, e.g. <c>EUR</c>.</param>
/// <param name="NotifyUrl">Required: where the IPN is POSTed.</param>
/// <param name="ReturnUrl">Required http(s) URL the shopper is sent back to.</param>
public sealed record CreateCheckoutRequest(
    [property: JsonPropertyName("order_ref_1"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrderRef1,
    [property: JsonPropertyName("order_ref_2"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? OrderRef2,
    [property: JsonPropertyName("amount")] long Amount,
    [property: JsonPropertyName("currency")] string Currency,
    [property: JsonPropertyName("notify_url")] string NotifyUrl,
    [property: JsonPropertyName("return_url")] string ReturnUrl);
