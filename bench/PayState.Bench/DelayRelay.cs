using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace PayState.Bench;

/// A TCP relay between the server processes and PostgreSQL that holds every chunk for a fixed delay in each
/// direction, as a network between machines would (this kernel has no netem). Chunks are pipelined, not paced: the
/// relay adds latency to each round trip, never a bandwidth limit, so round trips bound a process, not the CPU.
public sealed class DelayRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _sockets = [];
    private readonly Task _accepting;

    private DelayRelay(string host, int port, TimeSpan delay)
    {
        (_host, _port, Delay) = (host, port, delay);
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// The delay each way, from the next chunk on: none while a run warms up, which would take minutes through it.
    public TimeSpan Delay { get; set; }

    /// A relay to the PostgreSQL the connection string names, on loopback only.
    public static DelayRelay To(string host, int port, TimeSpan delay)
    {
        if (!IPAddress.TryParse(host is "localhost" ? "127.0.0.1" : host, out var address) || !IPAddress.IsLoopback(address))
            throw new ArgumentException($"The relay forwards to loopback only, not to {host}.");
        return new DelayRelay(host, port, delay);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var server = new TcpClient { NoDelay = true };
        client.NoDelay = true;
        lock (_sockets) _sockets.AddRange([client, server]);
        try
        {
            await server.ConnectAsync(_host, _port, _stop.Token);
            await Task.WhenAny(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            client.Dispose();
        }
    }

    /// Reads as chunks arrive, and writes each once it has waited the delay since it was read.
    private async Task PumpAsync(NetworkStream from, NetworkStream to)
    {
        var held = Channel.CreateUnbounded<(long ReadAt, byte[] Chunk)>(new() { SingleReader = true, SingleWriter = true });
        var writing = WriteAsync(held.Reader, to);
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0) held.Writer.TryWrite((Stopwatch.GetTimestamp(), buffer[..read]));
        }
        finally
        {
            held.Writer.TryComplete();
        }
        await writing;
    }

    private async Task WriteAsync(ChannelReader<(long ReadAt, byte[] Chunk)> held, NetworkStream to)
    {
        await foreach (var (readAt, chunk) in held.ReadAllAsync(_stop.Token))
        {
            var wait = Delay - Stopwatch.GetElapsedTime(readAt);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, _stop.Token);
            await to.WriteAsync(chunk, _stop.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets) foreach (var socket in _sockets) socket.Dispose();
        await _accepting;
        _stop.Dispose();
    }
}
