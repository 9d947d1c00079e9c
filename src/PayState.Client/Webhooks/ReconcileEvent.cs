using System.Text.Json;

namespace PayState.Client.Webhooks;

/// <summary>One event from <c>GET /api/v1/events</c>, as the reconciler needs it.</summary>
/// <param name="Id">The event id (the webhook's <c>webhook-id</c>).</param>
/// <param name="ObjectId">The object the event is about.</param>
/// <param name="Sequence">The object's version after the change.</param>
/// <param name="Payload">The webhook body of the event.</param>
public sealed record ReconcileEvent(string Id, string ObjectId, int Sequence, JsonElement Payload);
