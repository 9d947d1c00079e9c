namespace PayState.Server.Accounts;

/// The admin and processor bearer tokens, fixed at start-up from configuration (or, in sandbox mode,
/// generated once and kept in the database).
public sealed class ServiceTokens
{
    public string AdminToken { get; set; } = "";

    public string ProcessorToken { get; set; } = "";
}
