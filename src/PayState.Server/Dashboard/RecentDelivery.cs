using PayState.Server.Delivery;

namespace PayState.Server.Dashboard;

/// A delivery and when it last changed (for a succeeded one: when it was delivered).
public sealed record RecentDelivery(DeliveryRecord Delivery, DateTimeOffset ChangedAt);
