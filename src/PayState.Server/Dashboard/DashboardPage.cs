namespace PayState.Server.Dashboard;

/// A page a slice adds to the dashboard (the Acquiring slice's chain watchers, an order's QR image): its path, the name
/// of its link in the navigation (none for what only the slice's own panels link), and its GET handler, mapped behind
/// the dashboard's sign-in and headers like the dashboard's own pages.
public sealed record DashboardPage(string Path, string? Name, Delegate Handler);
