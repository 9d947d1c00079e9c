namespace PayState.Server.Accounts;

/// The URL a client on this machine reaches the server at: the first of PAYSTATE_URLS, with a wildcard host
/// (listening on every address) replaced by loopback.
public static class SandboxUrl
{
    public static string From(string urls)
    {
        var first = urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var address = BindingAddress.Parse(first);
        var host = address.Host is "*" or "+" or "0.0.0.0" or "[::]" ? "127.0.0.1" : address.Host;
        return $"{address.Scheme}://{host}:{address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
