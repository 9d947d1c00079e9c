using PayState.Server.Delivery;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

// What each page renders. Every page gets the viewer and the name it goes by, whether this is a sandbox, the
// antiforgery token its forms carry, and the message a button's redirect asked for.

public sealed record PageContext(Viewer Viewer, string ViewerName, bool Sandbox, string Csrf, DashboardMessage? Message)
{
    /// The pages slices add, linked from the navigation.
    public IReadOnlyList<DashboardPage> SlicePages { get; init; } = [];
}

/// An object as the list and its page sum it up: its amount and tone as its kind gives them, and its merchant's name.
public sealed record ObjectSummary(PayObject Object, string? Amount, StateTone Tone, string Merchant);

public sealed record ObjectListModel(
    PageContext Page, ObjectListFilter Filter, IReadOnlyList<ObjectSummary> Objects, string? OlderUrl, IReadOnlyList<MerchantRecord> Merchants)
{
    /// The registered kinds' names, what the kind filter offers.
    public IReadOnlyList<string> Kinds { get; init; } = [];
}

public sealed record ObjectPageModel(PageContext Page, ObjectSummary Summary, ObjectTimeline Timeline, IReadOnlyList<ProcessorMove> Moves)
{
    /// What the object's kind draws on its page (an order's chain payment); null for nothing.
    public ObjectPanel? Panel { get; init; }
}

public sealed record DeliveriesModel(
    PageContext Page, DeliveryRate Rate, IReadOnlyList<RecentDelivery> Delivered, IReadOnlyList<HostDeliveries> Hosts, DateTimeOffset DefaultSince,
    string? Host, IReadOnlyList<DeliveryRecord> HostDeliveries);

public sealed record InboxModel(PageContext Page, IReadOnlyList<InboxMessage> Messages, string InboxUrl);

public sealed record SignInModel(string Csrf, string Next, string? Error);
