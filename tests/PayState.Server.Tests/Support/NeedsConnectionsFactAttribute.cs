using System.Globalization;
using PayState.Server.Hosting;

namespace PayState.Server.Tests.Support;

/// A fact that needs a server process (started by the test, so under this process's limits) to accept this many
/// client connections at once. The .NET runtime already raises its soft open-file limit to the hard one at
/// start, so there is nothing more a test can raise; below that, the fact is skipped and says why.
[AttributeUsage(AttributeTargets.Method)]
public sealed class NeedsConnectionsFactAttribute : FactAttribute
{
    /// Webhook sends in flight: the test starts its server with this, so the cap computed here is the server's.
    public const int DeliveryConcurrency = 256;

    public NeedsConnectionsFactAttribute(int connections)
    {
        Connections = connections;
        var openFiles = ConnectionLimit.ReadOpenFileLimit();
        // The server's own cap must fit them; the test's sockets (as many, and a few more) then fit the same limit.
        if (ConnectionLimit.FromOpenFileLimit(openFiles, DeliveryConcurrency) is { } cap && cap < connections)
        {
            Skip = string.Create(CultureInfo.InvariantCulture,
                $"Needs {connections} connections at once, but the open-file limit here is {openFiles} (hard limit; the server would cap at {cap}). Raise the hard limit (`ulimit -Hn` as root, LimitNOFILE, limits.conf) to run it.");
        }
    }

    public int Connections { get; }
}
