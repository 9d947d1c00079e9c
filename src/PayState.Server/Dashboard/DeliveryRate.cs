using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// How the newest deliveries went: delivered, retrying after a failure, given up (dead), or waiting for a first
/// answer; and the share delivered of those answered, which is what a target that is down pulls down.
public sealed record DeliveryRate(int Total, int Delivered, int Retrying, int Dead, int Waiting, DateTimeOffset? Since)
{
    /// Enough to show a trend, few enough to read on every page view.
    public const int Sample = 200;

    public int? DeliveredPercent => Delivered + Retrying + Dead is var answered and > 0 ? (int)Math.Round(100.0 * Delivered / answered) : null;

    public static DeliveryRate Of(IReadOnlyList<RecentDelivery> recent) => new(
        recent.Count,
        recent.Count(d => d.Delivery.Status == DeliveryStatus.Succeeded),
        recent.Count(d => d.Delivery.Status == DeliveryStatus.Failed),
        recent.Count(d => d.Delivery.Status == DeliveryStatus.Dead),
        recent.Count(d => d.Delivery.Status == DeliveryStatus.Pending),
        recent.Count == 0 ? null : recent.Min(d => d.Delivery.CreatedAt));
}
