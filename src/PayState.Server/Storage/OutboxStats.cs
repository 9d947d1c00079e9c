namespace PayState.Server.Storage;

/// The outbox at a glance: open (pending or failed) deliveries and when the oldest of them was created.
public sealed record OutboxStats(long Depth, DateTimeOffset? OldestCreatedAt);
