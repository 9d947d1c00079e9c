namespace PayState.Server.Storage;

// What the dashboard reads beyond the merchant API's own queries.

/// Where a newest-first page of objects continues: just after this object.
public sealed record ObjectPageKey(DateTimeOffset CreatedAt, string Id);

/// Filters of the dashboard's object list; null means "any". MerchantId is forced for a signed-in merchant.
public sealed record ObjectQuery(
    string? MerchantId = null,
    string? Kind = null,
    string? State = null,
    DateTimeOffset? From = null,
    DateTimeOffset? Until = null,
    string? ExternalId = null,
    ObjectPageKey? After = null,
    int Limit = 50);

/// Deliveries to one target host that are failing (retrying) or dead.
public sealed record HostDeliveries(string Host, int Failing, int Dead, DateTimeOffset LastChangedAt);

/// A delivery and when it last changed (for a succeeded one: when it was delivered).
public sealed record RecentDelivery(DeliveryRecord Delivery, DateTimeOffset ChangedAt);

/// One request the sandbox webhook inbox received.
public sealed record InboxMessage(long Id, string Name, DateTimeOffset ReceivedAt, string Headers, string Body);
