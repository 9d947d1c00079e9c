namespace PayState.Server.Acquiring.Wallets;

/// EVM addresses as the chain watcher compares them: 20 bytes, written lower-case with 0x.
public static class EvmAddress
{
    /// The 20 bytes of "0x" and 40 hex digits in any case; null for anything else.
    public static byte[]? TryParse(string text)
    {
        if (text.Length != 42 || !text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return null;
        try
        {
            return Convert.FromHexString(text.AsSpan(2));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string Lower(string address) => address.ToLowerInvariant();
}
