namespace PayState.Client.Webhooks;

/// <summary>
/// Which PayState message a body is, told from its shape. One event can reach a merchant as several messages (a checkout's
/// approve is an IPN and an identification event), so a message is known by its id and its kind together.
/// </summary>
public enum WebhookKind
{
    /// <summary>An acquiring order: <c>{"success":true,"data":{"uuid":...}}</c>; the object is <c>data.uuid</c>.</summary>
    AcquiringOrder,

    /// <summary>A checkout's <c>identification_action</c> event; the object is <c>order_ref</c>.</summary>
    IdentificationEvent,

    /// <summary>A checkout's IPN (<c>order_ref</c> and <c>state</c>); the object is <c>order_ref</c>.</summary>
    Ipn,

    /// <summary>A payment instrument verification event; the object is <c>sessionId</c>.</summary>
    VerificationEvent,
}
