using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace PayState.Client.Webhooks;

/// <summary>
/// One PayState message as a handler sees it, from a verified webhook or from the events API: which object, which version,
/// which kind, the raw body, and the body as its typed record (<see cref="Order"/>, <see cref="Ipn"/>,
/// <see cref="IdentificationEvent"/> or <see cref="VerificationEvent"/>, the one that matches <see cref="Kind"/>).
/// </summary>
public sealed class PayStateWebhook
{
    private readonly Lazy<object> _typed;

    private PayStateWebhook(string messageId, string objectId, long sequence, WebhookKind kind, ReadOnlyMemory<byte> body, JsonElement payload, WebhookSource source)
    {
        MessageId = messageId;
        ObjectId = objectId;
        Sequence = sequence;
        Kind = kind;
        Body = body;
        Payload = payload;
        Source = source;
        _typed = new Lazy<object>(() => WebhookShape.Read(kind, payload));
    }

    /// <summary>
    /// The message's id: a webhook's <c>webhook-id</c> (the same on every attempt), or the event id of an event the reconciler
    /// read. Together with <see cref="Kind"/> it names one message: an event's IPN and its identification event are two.
    /// </summary>
    public string MessageId { get; }

    /// <summary>The object the message is about (order uuid, checkout uuid or session id).</summary>
    public string ObjectId { get; }

    /// <summary>The object's version after the change (<c>PayState-Sequence</c>, or the event's <c>sequence</c>).</summary>
    public long Sequence { get; }

    /// <summary>Which body this is.</summary>
    public WebhookKind Kind { get; }

    /// <summary>The raw body bytes (what the signature covers).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body parsed.</summary>
    public JsonElement Payload { get; }

    /// <summary>Whether a webhook or the reconciler brought it.</summary>
    public WebhookSource Source { get; }

    /// <summary>An acquiring order's webhook: the order (the envelope's <c>data</c>); null for other kinds.</summary>
    public AcquiringOrder? Order => Kind == WebhookKind.AcquiringOrder ? (AcquiringOrder)_typed.Value : null;

    /// <summary>A checkout's IPN; null for other kinds.</summary>
    public CheckoutIpn? Ipn => Kind == WebhookKind.Ipn ? (CheckoutIpn)_typed.Value : null;

    /// <summary>A checkout's identification event; null for other kinds.</summary>
    public IdentificationEvent? IdentificationEvent => Kind == WebhookKind.IdentificationEvent ? (IdentificationEvent)_typed.Value : null;

    /// <summary>A verification session's <c>/piv/events</c> body; null for other kinds.</summary>
    public VerificationEvent? VerificationEvent => Kind == WebhookKind.VerificationEvent ? (VerificationEvent)_typed.Value : null;

    /// <summary>Reads a webhook body whose signature was verified: its kind and object from its shape.</summary>
    /// <param name="messageId">The <c>webhook-id</c>.</param>
    /// <param name="sequence">The <c>PayState-Sequence</c>.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="webhook">The message, when the body is one of PayState's.</param>
    /// <returns>False when the body is not JSON of a known PayState shape.</returns>
    public static bool TryParse(string messageId, long sequence, ReadOnlyMemory<byte> body, [NotNullWhen(true)] out PayStateWebhook? webhook)
    {
        ArgumentException.ThrowIfNullOrEmpty(messageId);
        webhook = null;
        JsonElement payload;
        try
        {
            using var document = JsonDocument.Parse(body);
            payload = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return false;
        }
        if (!WebhookShape.TryDetect(payload, out var kind, out var objectId) || !WebhookShape.TryRead(kind, payload)) return false;
        webhook = new PayStateWebhook(messageId, objectId, sequence, kind, body, payload, WebhookSource.Webhook);
        return true;
    }

    /// <summary>The message an event of the events API stands for (its payload is the webhook body of that event).</summary>
    /// <param name="e">The event.</param>
    /// <returns>The message, with the event id as its <see cref="MessageId"/>.</returns>
    /// <exception cref="FormatException">The payload has no known PayState shape.</exception>
    public static PayStateWebhook FromEvent(Event e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!WebhookShape.TryDetect(e.Payload, out var kind, out var objectId) || !WebhookShape.TryRead(kind, e.Payload))
            throw new FormatException($"Event {e.Id} has a payload of no known PayState shape.");
        var body = System.Text.Encoding.UTF8.GetBytes(e.Payload.GetRawText());
        return new PayStateWebhook(e.Id, objectId, e.Sequence, kind, body, e.Payload, WebhookSource.Reconciler);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Kind} {MessageId} for {ObjectId} #{Sequence}";
}
