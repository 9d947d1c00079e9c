namespace PayState.Client;

/// <summary>Why a verification session failed (<c>statusReason</c>).</summary>
public static class SessionStatusReasons
{
    /// <summary>The bank is not supported.</summary>
    public const string UnsupportedBank = "UNSUPPORTED_BANK";

    /// <summary>The account holder does not match the customer.</summary>
    public const string NameMismatch = "NAME_MISMATCH";

    /// <summary>Another customer uses the same instrument.</summary>
    public const string InstrumentNotUnique = "INSTRUMENT_NOT_UNIQUE";

    /// <summary>Not enough information to prove ownership.</summary>
    public const string MissingDetails = "MISSING_DETAILS";

    /// <summary>A technical error at the provider.</summary>
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>The session was still open at <c>expiresAt</c>.</summary>
    public const string SessionExpired = "SESSION_EXPIRED";

    /// <summary>The customer gave up.</summary>
    public const string UserAbandonedProcess = "USER_ABANDONED_PROCESS";

    /// <summary>The customer could not select an account.</summary>
    public const string UserInteractionError = "USER_INTERACTION_ERROR";

    /// <summary>Anything else.</summary>
    public const string Other = "OTHER";
}
