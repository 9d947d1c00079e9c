using System.Net;
using System.Net.Sockets;

namespace PayState.Server.Tests.Support;

/// A webhook target that never answers: a loopback listener that accepts every connection and holds it open,
/// reading nothing back. Counts the connections it holds, each one a send in flight.
public sealed class SilentListener : IDisposable
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _held = [];
    private readonly Lock _gate = new();

    private SilentListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// Connections accepted so far.
    public int Accepted
    {
        get
        {
            lock (_gate) return _held.Count;
        }
    }

    public static SilentListener Start() => new();

    public void Dispose()
    {
        _listener.Dispose();
        lock (_gate)
        {
            foreach (var socket in _held) socket.Dispose();
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptAsync();
                lock (_gate) _held.Add(socket);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Disposed: the test is over.
        }
    }
}
