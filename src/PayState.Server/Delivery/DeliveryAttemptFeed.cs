using PayState.Server.Events;

namespace PayState.Server.Delivery;

/// Tells watchers (the dashboard's live object page) that an object's deliveries changed: an attempt was
/// recorded or a delivery requeued. In-process only: another process's attempts show on the next change here.
public sealed class DeliveryAttemptFeed
{
    // Its own feed, not the long-poll one: an attempt is not a new version and must not wake checkout waiters.
    private readonly ObjectChangeFeed _feed = new();

    public ObjectChangeFeed.Subscription Subscribe(string objectId) => _feed.Subscribe(objectId, heldRequest: false);

    public void Publish(string objectId) => _feed.Publish(objectId);
}
