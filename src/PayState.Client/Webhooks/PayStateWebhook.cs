using System.Text.Json;

namespace PayState.Client.Webhooks;

/// <summary>One verified PayState event, as a webhook handler or the reconciler sees it.</summary>
/// <param name="EventId">The event id (<c>webhook-id</c>), the same on every attempt.</param>
/// <param name="ObjectId">The object the event is about (order uuid, checkout uuid or session id).</param>
/// <param name="Sequence">The object's version after the change (<c>PayState-Sequence</c>).</param>
/// <param name="Kind">Which body this is.</param>
/// <param name="Body">The raw body bytes.</param>
/// <param name="Payload">The body parsed.</param>
public sealed record PayStateWebhook(string EventId, string ObjectId, int Sequence, WebhookKind Kind, ReadOnlyMemory<byte> Body, JsonElement Payload);
