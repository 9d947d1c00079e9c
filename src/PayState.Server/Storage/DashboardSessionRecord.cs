namespace PayState.Server.Storage;

/// A dashboard session as stored: Id is the SHA-256 of the cookie's value (the cookie itself is never stored), an
/// operator's has no merchant or terminal, and Stamp binds it to the credential that opened it.
public sealed record DashboardSessionRecord(
    byte[] Id, string? MerchantId, string? TerminalId, byte[] Stamp, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
