namespace PayState.Client;

/// <summary>A webhook <see cref="Delivery.Status"/>.</summary>
public static class DeliveryStatuses
{
    /// <summary>Not answered yet, including in flight.</summary>
    public const string Pending = "pending";

    /// <summary>The last attempt failed; another is due at <c>next_attempt_at</c>.</summary>
    public const string Failed = "failed";

    /// <summary>Answered 2xx.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>Given up after the last attempt; kept and resendable.</summary>
    public const string Dead = "dead";
}
