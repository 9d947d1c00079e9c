using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// The IPN PayState POSTs to a checkout's <c>notify_url</c> after the processor approved it or put it on hold. Answer 2xx to
/// confirm (the checkout finishes), 409 or 410 for a conflict (it ends in <c>show_conflict</c>); anything else is retried.
/// </summary>
/// <param name="OrderRef">The checkout's uuid.</param>
/// <param name="OrderRef1">The merchant's first reference, or null.</param>
/// <param name="OrderRef2">The merchant's second reference, or null.</param>
/// <param name="State"><c>approved</c> or <c>on_hold</c>.</param>
public sealed record CheckoutIpn(
    [property: JsonPropertyName("order_ref")] string OrderRef,
    [property: JsonPropertyName("order_ref_1")] string? OrderRef1,
    [property: JsonPropertyName("order_ref_2")] string? OrderRef2,
    [property: JsonPropertyName("state")] string State);
