namespace PayState.Server.Verification;

/// Seed 004's session statuses, failure reasons and the moves between statuses.
public static class SessionStatus
{
    public const string Active = "ACTIVE";
    public const string AwaitingUserInput = "AWAITING_USER_INPUT";
    public const string OngoingVerification = "ONGOING_VERIFICATION";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";

    public const string SessionExpired = "SESSION_EXPIRED";

    public static readonly IReadOnlyList<string> All = [Active, OngoingVerification, AwaitingUserInput, Completed, Failed];

    /// What the processor API may ask for: every status but ACTIVE, where a session starts.
    public static readonly IReadOnlyList<string> ProcessorSet = [AwaitingUserInput, OngoingVerification, Completed, Failed];

    public static readonly IReadOnlyList<string> Reasons =
    [
        "UNSUPPORTED_BANK", "NAME_MISMATCH", "INSTRUMENT_NOT_UNIQUE", "MISSING_DETAILS", "INTERNAL_ERROR",
        SessionExpired, "USER_ABANDONED_PROCESS", "USER_INTERACTION_ERROR", "OTHER",
    ];

    private static readonly HashSet<(string, string)> Moves =
    [
        (Active, AwaitingUserInput), (Active, OngoingVerification), (AwaitingUserInput, OngoingVerification),
        (OngoingVerification, AwaitingUserInput), (OngoingVerification, Completed),
    ];

    public static bool IsFinal(string status) => status is Completed or Failed;

    /// The table's moves, and FAILED from any status that is not final.
    public static bool CanMove(string from, string to) => Moves.Contains((from, to)) || (to == Failed && !IsFinal(from));

    /// The statuses a session in this status may move to, in ProcessorSet's order.
    public static IReadOnlyList<string> From(string status) => [.. ProcessorSet.Where(to => CanMove(status, to))];
}
