using System.Globalization;

namespace PayState.Server.Hosting;

/// How many client connections Kestrel may hold. A .NET process that runs out of file descriptors while
/// accepting dies ("Out of memory.") and drops every held request; so the server stops accepting below the
/// process's open-file limit, keeping a reserve for what else needs descriptors (webhook connections, the
/// database, logs). Past the cap Kestrel closes new connections at once and keeps serving the ones it holds.
public static class ConnectionLimit
{
    private const int BaseReserve = 128;
    private const int Minimum = 16;

    public static long? For(PayStateOptions options) =>
        options.MaxConnections ?? FromOpenFileLimit(ReadOpenFileLimit(), options.DeliveryConcurrency);

    public static long? FromOpenFileLimit(long? openFiles, int deliveryConcurrency) =>
        openFiles is { } limit ? Math.Max(Minimum, limit - deliveryConcurrency - BaseReserve) : null;

    /// The soft RLIMIT_NOFILE (the runtime raises it to the hard limit at start), from /proc on Linux.
    public static long? ReadOpenFileLimit()
    {
        const string path = "/proc/self/limits";
        if (!File.Exists(path)) return null;
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }
        return null;
    }
}
