namespace PayState.Client.Webhooks;

/// <summary>The headers of a PayState webhook.</summary>
public static class WebhookHeaders
{
    /// <summary>The message id (Standard Webhooks): the same on every attempt of one message.</summary>
    public const string Id = "webhook-id";

    /// <summary>Unix seconds of this attempt (Standard Webhooks).</summary>
    public const string Timestamp = "webhook-timestamp";

    /// <summary>One <c>v1,</c> signature per webhook secret (Standard Webhooks).</summary>
    public const string Signature = "webhook-signature";

    /// <summary>The object's version after the change.</summary>
    public const string Sequence = "PayState-Sequence";

    /// <summary>Paysafe's signature of a <c>/piv/events</c> body.</summary>
    public const string PaysafeSignature = "Signature";
}
