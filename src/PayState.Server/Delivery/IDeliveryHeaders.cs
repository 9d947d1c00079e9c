using System.Net.Http.Headers;

namespace PayState.Server.Delivery;

/// Headers the deliveries of one purpose carry beside the Standard Webhooks ones (a verification event's Paysafe
/// Signature), added to each attempt with the keys that sign it now.
public interface IDeliveryHeaders
{
    string Purpose { get; }

    void Add(HttpRequestHeaders headers, byte[] body, IReadOnlyList<byte[]> keys);
}
