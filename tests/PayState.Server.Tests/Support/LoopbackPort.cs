using System.Net;
using System.Net.Sockets;

namespace PayState.Server.Tests.Support;

/// A loopback port for a process the test starts and may restart on the same port. Picked below the
/// kernel's ephemeral range: a port from that range (what binding port 0 hands out) can be taken between
/// picking and binding, or between a kill and a restart, by any outgoing connection of the parallel tests.
public static class LoopbackPort
{
    private static readonly int EphemeralLow = ReadEphemeralLow();

    public static int Free()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = Random.Shared.Next(10_000, EphemeralLow);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("No free loopback port below the ephemeral range after 100 tries.");
    }

    private static int ReadEphemeralLow()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            var low = int.Parse(range[0], System.Globalization.CultureInfo.InvariantCulture);
            return low > 11_000 ? low : 32_768;
        }
        catch (IOException)
        {
            return 32_768;
        }
        catch (UnauthorizedAccessException)
        {
            return 32_768;
        }
    }
}
