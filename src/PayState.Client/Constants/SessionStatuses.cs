namespace PayState.Client;

/// <summary>A verification session's statuses.</summary>
public static class SessionStatuses
{
    /// <summary>Just created.</summary>
    public const string Active = "ACTIVE";

    /// <summary>Waiting for the customer.</summary>
    public const string AwaitingUserInput = "AWAITING_USER_INPUT";

    /// <summary>The instrument is being verified.</summary>
    public const string OngoingVerification = "ONGOING_VERIFICATION";

    /// <summary>Verified; final.</summary>
    public const string Completed = "COMPLETED";

    /// <summary>Failed, with a <see cref="SessionStatusReasons">reason</see>; final.</summary>
    public const string Failed = "FAILED";
}
