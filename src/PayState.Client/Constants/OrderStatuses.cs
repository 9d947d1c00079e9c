namespace PayState.Client;

/// <summary>An acquiring order's <see cref="AcquiringOrder.Status"/> names.</summary>
public static class OrderStatuses
{
    /// <summary>Awaiting payment (<c>status_id</c> 1).</summary>
    public const string Created = "Created";

    /// <summary>Payment detected, awaiting confirmations (2).</summary>
    public const string Pending = "Pending";

    /// <summary>Paid (3); final.</summary>
    public const string Paid = "Paid";

    /// <summary>The window passed without funds (4); final.</summary>
    public const string Expired = "Expired";

    /// <summary>Failed (5); final.</summary>
    public const string Failed = "Failed";
}
