namespace PayState.Server.Acquiring;

/// A token a merchant can be paid in on one network. A native coin has no contract: TokenAddress is null.
public sealed record Token(string Network, string Symbol, string Name, int Decimals, string? TokenAddress)
{
    public bool IsNative => TokenAddress is null;
}
