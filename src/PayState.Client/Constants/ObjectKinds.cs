namespace PayState.Client;

/// <summary>The kinds of object PayState keeps (<see cref="Event.ObjectKind"/>, <see cref="Delivery.ObjectKind"/>).</summary>
public static class ObjectKinds
{
    /// <summary>An acquiring (crypto payment) order.</summary>
    public const string AcquiringOrder = "acquiring_order";

    /// <summary>A BNPL checkout.</summary>
    public const string Checkout = "checkout";

    /// <summary>A payment instrument verification session.</summary>
    public const string VerificationSession = "piv_session";
}
