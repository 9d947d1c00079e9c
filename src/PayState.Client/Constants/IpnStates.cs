namespace PayState.Client;

/// <summary>A <see cref="CheckoutIpn.State"/>.</summary>
public static class IpnStates
{
    /// <summary>The processor approved the checkout: confirm the order.</summary>
    public const string Approved = "approved";

    /// <summary>The processor put it on hold.</summary>
    public const string OnHold = "on_hold";
}
