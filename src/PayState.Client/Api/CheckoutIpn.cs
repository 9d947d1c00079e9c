using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// The IPN PayState POSTs to a checkout's <c>notify_url</c> after the processor approved it or put it on hold. Answer 2xx to
/// confirm (the checkout finishes), 409 or 410 for a conflict (it ends in <c>show_conflict</c>); anything else is retried.
/// </summary>
public sealed record CheckoutIpn
{
    /// <summary>The checkout's uuid.</summary>
    [JsonPropertyName("order_ref")]
    public required string OrderRef { get; init; }

    /// <summary>The merchant's first reference, or null.</summary>
    [JsonPropertyName("order_ref_1")]
    public string? OrderRef1 { get; init; }

    /// <summary>The merchant's second reference, or null.</summary>
    [JsonPropertyName("order_ref_2")]
    public string? OrderRef2 { get; init; }

    /// <summary><see cref="IpnStates.Approved"/> or <see cref="IpnStates.OnHold"/>.</summary>
    [JsonPropertyName("state")]
    public required string State { get; init; }
}
