using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PayState.Server.Tests.Support;

/// A loopback TCP proxy in front of PostgreSQL that can lose a COMMIT's answer on purpose: armed, it forwards the
/// server's messages one by one and, at the first CommandComplete "COMMIT" (the server has committed), closes both
/// sides instead of passing it on. The client then cannot know whether its transaction committed, which is exactly
/// the window a restart or failover opens, made deterministic. It can also refuse new connections for a while (the
/// database "not back yet").
public sealed class CommitCuttingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;
    private volatile bool _armed;
    private volatile bool _refusing;

    public CommitCuttingProxy(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        (_host, _port) = (target.Host!, target.Port);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// Completes once a COMMIT's answer was dropped.
    public Task Cut => _cut.Task;

    /// The connection string as given, to this proxy instead (no TLS, so the proxy can read the messages).
    public string Through(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = Port, SslMode = SslMode.Disable }.ConnectionString;

    /// Drops the answer of the next COMMIT; with refuse, new connections are closed at once until Heal.
    public void CutNextCommit(bool refuse = false)
    {
        _refusing = refuse;
        _armed = true;
    }

    public void Heal() => _refusing = false;

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            if (_refusing && _cut.Task.IsCompleted)
            {
                client.Dispose();
                continue;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var _ = client;
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_host, _port, _stop.Token);
            var up = client.GetStream().CopyToAsync(server.GetStream(), _stop.Token);
            var down = ForwardMessagesAsync(server.GetStream(), client.GetStream());
            await Task.WhenAny(up, down);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // One side went away: the other goes with it.
        }
    }

    /// The server's side message by message (type byte, then a length that counts itself), so a COMMIT's
    /// CommandComplete can be held back whole. A single 'N' before the first message refuses TLS or GSS encryption.
    private async Task ForwardMessagesAsync(NetworkStream from, NetworkStream to)
    {
        var header = new byte[5];
        var started = false;
        while (true)
        {
            await from.ReadExactlyAsync(header.AsMemory(0, 1), _stop.Token);
            if (!started && header[0] == (byte)'N')
            {
                await to.WriteAsync(header.AsMemory(0, 1), _stop.Token);
                continue;
            }
            started = true;
            await from.ReadExactlyAsync(header.AsMemory(1, 4), _stop.Token);
            var body = new byte[BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1)) - 4];
            await from.ReadExactlyAsync(body, _stop.Token);
            if (_armed && header[0] == (byte)'C' && body.AsSpan().SequenceEqual("COMMIT\0"u8))
            {
                _armed = false;
                _cut.TrySetResult();
                return;
            }
            await to.WriteAsync(header, _stop.Token);
            await to.WriteAsync(body, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
