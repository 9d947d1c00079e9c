namespace PayState.Server.Dashboard;

/// Where a newest-first page of objects continues: just after this object.
public sealed record ObjectPageKey(DateTimeOffset CreatedAt, string Id);
