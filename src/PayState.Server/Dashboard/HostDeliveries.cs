namespace PayState.Server.Dashboard;

/// Deliveries to one target host that are failing (retrying) or dead.
public sealed record HostDeliveries(string Host, int Failing, int Dead, DateTimeOffset LastChangedAt);
