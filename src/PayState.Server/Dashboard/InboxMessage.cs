namespace PayState.Server.Dashboard;

/// One request the sandbox webhook inbox received.
public sealed record InboxMessage(long Id, string Name, DateTimeOffset ReceivedAt, string Headers, string Body);
