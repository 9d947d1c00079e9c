using System.Collections;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The logging scope of one delivery attempt: structured properties for the JSON log, text for the plain one.
/// Ids only: the payload, URL query and signing keys stay out of logs.
internal sealed class DeliveryLogScope(ClaimedDelivery delivery) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 3;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("DeliveryId", delivery.Id),
        1 => new("EventId", delivery.EventId),
        2 => new("ObjectId", delivery.ObjectId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"DeliveryId:{delivery.Id} EventId:{delivery.EventId} ObjectId:{delivery.ObjectId}";
}
