using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

// What each page renders. Every page gets the viewer, whether this is a sandbox, and the antiforgery token its
// forms carry.

public sealed record PageContext(Viewer Viewer, bool Sandbox, string Csrf, string? Message);

public sealed record ObjectListModel(
    PageContext Page, ObjectListFilter Filter, IReadOnlyList<PayObject> Objects, string? OlderUrl, IReadOnlyList<MerchantRecord> Merchants);

public sealed record ObjectPageModel(PageContext Page, ObjectTimeline Timeline, IReadOnlyList<SandboxMove> Moves)
{
    /// An acquiring order's QR code and chain transfers; null for the other kinds.
    public OrderPaymentModel? Payment { get; init; }
}

public sealed record ChainModel(PageContext Page, IReadOnlyList<Acquiring.Chain.WatcherStatus> Watchers, IReadOnlyList<ChainTransfer> Alerts);

public sealed record DeliveriesModel(
    PageContext Page, IReadOnlyList<HostDeliveries> Hosts, DateTimeOffset DefaultSince, string? Host, IReadOnlyList<DeliveryRecord> HostDeliveries);

public sealed record InboxModel(PageContext Page, IReadOnlyList<InboxMessage> Messages, string InboxUrl);

public sealed record SignInModel(string Csrf, string Next, string? Error);
