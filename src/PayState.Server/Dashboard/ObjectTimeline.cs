using PayState.Server.Delivery;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// One delivery of an event with every attempt made so far, and, when it is not sent yet because an earlier delivery
/// of the same object to the same URL is still open (events go out in order), that earlier one.
public sealed record TimelineDelivery(DeliveryRecord Delivery, IReadOnlyList<AttemptRecord> Attempts, DeliveryRecord? WaitsFor = null)
{
    public static DeliveryRecord? EarlierOpen(DeliveryRecord delivery, IReadOnlyList<DeliveryRecord> deliveries) =>
        IsOpen(delivery)
            ? deliveries.Where(d => d.Url == delivery.Url && d.Version < delivery.Version && IsOpen(d)).MinBy(d => d.Version)
            : null;

    private static bool IsOpen(DeliveryRecord d) => d.Status is DeliveryStatus.Pending or DeliveryStatus.Failed;
}

/// One event of an object with what became of it.
public sealed record TimelineEvent(EventRecord Event, IReadOnlyList<TimelineDelivery> Deliveries);

/// An object as support needs it: its status answer, its events, their deliveries and attempts, and a
/// fingerprint that changes whenever any of that does (what the live page compares).
public sealed record ObjectTimeline(PayObject Object, string StatusAnswer, IReadOnlyList<TimelineEvent> Events, string Fingerprint)
{
    public static async Task<ObjectTimeline> LoadAsync(IDashboardStore store, ObjectKinds kinds, PayObject value, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var kind = kinds[value.Kind];
        // Each body as it was sent, not as it is stored.
        var events = (await store.ListObjectEventsAsync(value.Id, cancellationToken)).Select(e => e with { Payload = kind.Wire(e.Payload) }).ToList();
        var deliveries = await store.ListObjectDeliveriesAsync(value.Id, cancellationToken);
        var withAttempts = new List<TimelineDelivery>(deliveries.Count);
        foreach (var d in deliveries)
            withAttempts.Add(new TimelineDelivery(d, await store.ListAttemptsAsync(d.Id, cancellationToken), TimelineDelivery.EarlierOpen(d, deliveries)));
        var timeline = events.Select(e => new TimelineEvent(e, [.. withAttempts.Where(d => d.Delivery.EventId == e.Id)])).ToList();
        return new ObjectTimeline(value, PrettyJson.Format(kind.StatusAnswer(value, now)), timeline, FingerprintOf(value, deliveries));
    }

    /// Changes with a new version, a new attempt, or a delivery's status (a resend).
    public static string FingerprintOf(PayObject value, IReadOnlyList<DeliveryRecord> deliveries) =>
        $"{value.Version}.{deliveries.Count}.{deliveries.Sum(d => d.Attempts)}.{string.Concat(deliveries.Select(d => d.Status[0]))}";
}
