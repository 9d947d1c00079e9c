namespace PayState.Server.Checkout;

/// The fourteen actions of seed 000's table, each with exactly its additional fields, in answer order.
public static class CheckoutActions
{
    public const string Finish = "finish";
    public const string ShowConflict = "show_conflict";
    public const string ShowOnHold = "show_on_hold";
    public const string WaitForScreening = "wait_for_screening";
    public const string ResumeAfterScreening = "resume_after_screening";
    public const string WaitForConfirmation = "wait_for_confirmation";
    public const string WaitForOnHold = "wait_for_on_hold";
    public const string AltPayment = "alt_payment";
    public const string WaitForIdVerification = "wait_for_id_verification";
    public const string ShowIdentificationForm = "show_identification_form";
    public const string RequirePayment = "require_payment";
    public const string RequireValidateOtp = "require_validate_otp";
    public const string ShowError = "show_error";
    public const string Reject = "reject";

    public const string ExpiresIn = "expires_in";

    /// A screening longer than a week is a mistake, not a screening.
    public const long MaxScreeningSeconds = 7 * 24 * 3600;
    public const string ReturnUrl = "return_url";

    public static readonly IReadOnlyList<string> IdVerificationStatuses = ["STARTED", "VERIFIED", "FAILED", "ERROR"];

    /// Return URLs default to the checkout's own when the processor gives none.
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<ActionField>> Fields = new Dictionary<string, IReadOnlyList<ActionField>>
    {
        [Finish] = [new(ReturnUrl, FieldType.Url, Required: false)],
        [ShowConflict] = [],
        [ShowOnHold] = [new(ReturnUrl, FieldType.Url, Required: false)],
        [WaitForScreening] = [new(ExpiresIn, FieldType.PositiveInteger, Required: true, Max: MaxScreeningSeconds)],
        [ResumeAfterScreening] = [],
        [WaitForConfirmation] = [],
        [WaitForOnHold] = [],
        [AltPayment] =
        [
            new("title", FieldType.String, Required: true),
            new("messages", FieldType.Array, Required: true),
            new("credit_agreements", FieldType.Array, Required: true),
            new("forced_credit_agreement_index", FieldType.IntegerOrNull, Required: false, Default: "null"),
            new("errors", FieldType.Array, Required: false, Default: "[]"),
        ],
        [WaitForIdVerification] =
        [
            new("session_url", FieldType.Url, Required: true),
            new("status", FieldType.String, Required: true, Allowed: IdVerificationStatuses),
            new("message", FieldType.String, Required: false, Default: "\"\""),
        ],
        [ShowIdentificationForm] = [new("errors", FieldType.Array, Required: false)],
        [RequirePayment] =
        [
            new("iframe_url", FieldType.Url, Required: true),
            new("amount", FieldType.PositiveInteger, Required: true),
            new("reusable_cards", FieldType.Array, Required: true),
        ],
        [RequireValidateOtp] = [],
        [ShowError] = [],
        [Reject] = [],
    };

    public static readonly IReadOnlySet<string> Final = new HashSet<string> { Finish, ShowConflict, ShowOnHold, Reject };

    public static bool IsKnown(string action) => Fields.ContainsKey(action);

    public static bool IsFinal(string action) => Final.Contains(action);
}
