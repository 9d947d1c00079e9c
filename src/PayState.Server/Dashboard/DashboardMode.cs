namespace PayState.Server.Dashboard;

/// Whether the pages offer the sandbox's tools (the processor's moves, test orders, the webhook inbox).
public sealed record DashboardMode(bool Sandbox);
