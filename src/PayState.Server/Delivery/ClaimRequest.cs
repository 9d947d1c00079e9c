namespace PayState.Server.Delivery;

/// What a dispatcher asks for: up to Limit due stream heads, leased until LeaseUntil, within the Room its send
/// slots have left for each target host and each merchant.
public sealed record ClaimRequest(DateTimeOffset Now, DateTimeOffset LeaseUntil, int Limit, SendRoom Room);
