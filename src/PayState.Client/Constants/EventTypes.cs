namespace PayState.Client;

/// <summary>
/// Every <see cref="Event.Type"/>: <c>&lt;object kind&gt;.&lt;new state&gt;</c>. Creating an object is not a change, so no
/// event says <c>created</c> or <c>active</c>.
/// </summary>
public static class EventTypes
{
    /// <summary>An acquiring order became Pending.</summary>
    public const string AcquiringOrderPending = "acquiring_order.pending";

    /// <summary>An acquiring order became Paid.</summary>
    public const string AcquiringOrderPaid = "acquiring_order.paid";

    /// <summary>An acquiring order became Expired.</summary>
    public const string AcquiringOrderExpired = "acquiring_order.expired";

    /// <summary>An acquiring order became Failed.</summary>
    public const string AcquiringOrderFailed = "acquiring_order.failed";

    /// <summary>A checkout moved to <c>finish</c>.</summary>
    public const string CheckoutFinish = "checkout.finish";

    /// <summary>A checkout moved to <c>show_conflict</c>.</summary>
    public const string CheckoutShowConflict = "checkout.show_conflict";

    /// <summary>A checkout moved to <c>show_on_hold</c>.</summary>
    public const string CheckoutShowOnHold = "checkout.show_on_hold";

    /// <summary>A checkout moved to <c>wait_for_screening</c>.</summary>
    public const string CheckoutWaitForScreening = "checkout.wait_for_screening";

    /// <summary>A checkout moved to <c>resume_after_screening</c>.</summary>
    public const string CheckoutResumeAfterScreening = "checkout.resume_after_screening";

    /// <summary>A checkout moved to <c>wait_for_confirmation</c>.</summary>
    public const string CheckoutWaitForConfirmation = "checkout.wait_for_confirmation";

    /// <summary>A checkout moved to <c>wait_for_on_hold</c>.</summary>
    public const string CheckoutWaitForOnHold = "checkout.wait_for_on_hold";

    /// <summary>A checkout moved to <c>alt_payment</c>.</summary>
    public const string CheckoutAltPayment = "checkout.alt_payment";

    /// <summary>A checkout moved to <c>wait_for_id_verification</c>.</summary>
    public const string CheckoutWaitForIdVerification = "checkout.wait_for_id_verification";

    /// <summary>A checkout moved to <c>show_identification_form</c>.</summary>
    public const string CheckoutShowIdentificationForm = "checkout.show_identification_form";

    /// <summary>A checkout moved to <c>require_payment</c>.</summary>
    public const string CheckoutRequirePayment = "checkout.require_payment";

    /// <summary>A checkout moved to <c>require_validate_otp</c>.</summary>
    public const string CheckoutRequireValidateOtp = "checkout.require_validate_otp";

    /// <summary>A checkout moved to <c>show_error</c>.</summary>
    public const string CheckoutShowError = "checkout.show_error";

    /// <summary>A checkout moved to <c>reject</c>.</summary>
    public const string CheckoutReject = "checkout.reject";

    /// <summary>A verification session became <c>AWAITING_USER_INPUT</c>.</summary>
    public const string VerificationSessionAwaitingUserInput = "piv_session.awaiting_user_input";

    /// <summary>A verification session became <c>ONGOING_VERIFICATION</c>.</summary>
    public const string VerificationSessionOngoingVerification = "piv_session.ongoing_verification";

    /// <summary>A verification session became <c>COMPLETED</c>.</summary>
    public const string VerificationSessionCompleted = "piv_session.completed";

    /// <summary>A verification session became <c>FAILED</c>.</summary>
    public const string VerificationSessionFailed = "piv_session.failed";
}
