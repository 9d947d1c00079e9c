namespace PayState.Server.Verification;

/// A payment instrument verification session (seed 004).
public sealed record Session
{
    public required string SessionId { get; init; }
    public required string CustomerId { get; init; }
    public required string Status { get; init; }
    public required string? StatusReason { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
}
