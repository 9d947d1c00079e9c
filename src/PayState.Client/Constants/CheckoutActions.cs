namespace PayState.Client;

/// <summary>A checkout's actions, as the wait endpoint and the identification event name them.</summary>
public static class CheckoutActions
{
    /// <summary>Confirmed; final (with <c>return_url</c>).</summary>
    public const string Finish = "finish";

    /// <summary>The merchant answered the IPN 409 or 410; final.</summary>
    public const string ShowConflict = "show_conflict";

    /// <summary>On hold, confirmed by the merchant; final (with <c>return_url</c>).</summary>
    public const string ShowOnHold = "show_on_hold";

    /// <summary>In screening (with <c>expires_in</c>).</summary>
    public const string WaitForScreening = "wait_for_screening";

    /// <summary>Screening resolved or expired.</summary>
    public const string ResumeAfterScreening = "resume_after_screening";

    /// <summary>Approved; waiting for the merchant's answer to the IPN.</summary>
    public const string WaitForConfirmation = "wait_for_confirmation";

    /// <summary>On hold; waiting for the merchant's answer to the IPN.</summary>
    public const string WaitForOnHold = "wait_for_on_hold";

    /// <summary>An alternative payment is offered.</summary>
    public const string AltPayment = "alt_payment";

    /// <summary>ID verification in progress.</summary>
    public const string WaitForIdVerification = "wait_for_id_verification";

    /// <summary>The identification form, maybe with errors; a new checkout's first action.</summary>
    public const string ShowIdentificationForm = "show_identification_form";

    /// <summary>Payment required.</summary>
    public const string RequirePayment = "require_payment";

    /// <summary>An OTP is to be captured.</summary>
    public const string RequireValidateOtp = "require_validate_otp";

    /// <summary>An error occurred.</summary>
    public const string ShowError = "show_error";

    /// <summary>Rejected; final.</summary>
    public const string Reject = "reject";
}
