using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using PayState.Server.Shared;

namespace PayState.Server.Hosting;

/// The listening sockets of PAYSTATE_URLS, bound before anything else is created or printed, and handed to Kestrel
/// when it starts (SocketTransportOptions.CreateBoundListenSocket): a port another process holds stops the start
/// before the database is touched, and nothing can take the port between this check and Kestrel's listen. A client
/// that connects meanwhile waits in the backlog.
public sealed class ListenReservation : IDisposable
{
    private const int Backlog = 512;
    private readonly Dictionary<IPEndPoint, Socket> _sockets;
    private readonly Lock _gate = new();

    private ListenReservation(Dictionary<IPEndPoint, Socket> sockets) => _sockets = sockets;

    /// Throws ConfigurationException naming the port and PAYSTATE_URLS when an address cannot be listened on.
    public static ListenReservation Take(string urls)
    {
        var sockets = new Dictionary<IPEndPoint, Socket>();
        try
        {
            foreach (var url in urls.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var socket in Listen(Parse(url))) sockets[(IPEndPoint)socket.LocalEndPoint!] = socket;
            }
        }
        catch
        {
            foreach (var socket in sockets.Values) socket.Dispose();
            throw;
        }
        return new ListenReservation(sockets);
    }

    /// Kestrel's socket factory: the reserved socket for this endpoint, or a new one for an endpoint not foreseen.
    public Socket CreateListenSocket(EndPoint endpoint)
    {
        lock (_gate)
        {
            if (endpoint is IPEndPoint ip && _sockets.Remove(ip, out var socket)) return socket;
        }
        return SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint);
    }

    /// Closes what Kestrel did not take.
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var socket in _sockets.Values) socket.Dispose();
            _sockets.Clear();
        }
    }

    private static BindingAddress Parse(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            throw new ConfigurationException($"PAYSTATE_URLS: '{url}' is not a URL to listen on, such as http://127.0.0.1:5080.");
        }
        if (!address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && !address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase))
            throw new ConfigurationException($"PAYSTATE_URLS: '{url}' is neither http nor https, e.g. http://127.0.0.1:5080.");
        return address;
    }

    /// The endpoints Kestrel binds for an address: the IP as given; both loopbacks for localhost; every address
    /// (IPv6 with IPv4 mapped, or IPv4 alone where IPv6 is off) for any other name. Port 0 and Unix sockets reserve nothing.
    private static List<Socket> Listen(BindingAddress address)
    {
        if (address.IsUnixPipe || address.Port == 0) return [];
        var port = address.Port;
        if (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip)) return [Bind(new IPEndPoint(ip, port), optional: false)!];
        if (address.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return [Bind(new IPEndPoint(IPAddress.Loopback, port), optional: false)!, .. Optional(Bind(new IPEndPoint(IPAddress.IPv6Loopback, port), optional: true))];
        return [Bind(new IPEndPoint(IPAddress.IPv6Any, port), optional: true) ?? Bind(new IPEndPoint(IPAddress.Any, port), optional: false)!];
    }

    private static IEnumerable<Socket> Optional(Socket? socket) => socket is null ? [] : [socket];

    /// optional: an address family this machine lacks yields null instead of an error.
    private static Socket? Bind(IPEndPoint endpoint, bool optional)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (endpoint.Address.Equals(IPAddress.IPv6Any)) socket.DualMode = true;
            socket.Bind(endpoint);
            socket.Listen(Backlog);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            if (optional && e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.AddressNotAvailable) return null;
            throw new ConfigurationException(Refusal(endpoint, e), e);
        }
    }

    private static string Refusal(IPEndPoint endpoint, SocketException e)
    {
        var port = endpoint.Port.ToString(CultureInfo.InvariantCulture);
        return e.SocketErrorCode == SocketError.AddressAlreadyInUse
            ? $"Port {port} is already in use ({endpoint}): stop what listens there, or set PAYSTATE_URLS to another address, e.g. PAYSTATE_URLS=http://127.0.0.1:{(endpoint.Port + 1).ToString(CultureInfo.InvariantCulture)}."
            : $"Cannot listen on {endpoint}: {e.Message}. Set PAYSTATE_URLS to an address of this machine, e.g. PAYSTATE_URLS=http://127.0.0.1:{port}.";
    }
}
