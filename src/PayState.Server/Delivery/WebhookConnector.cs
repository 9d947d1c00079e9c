using System.Net;
using System.Net.Sockets;
using PayState.Server.Http;

namespace PayState.Server.Delivery;

/// The webhook client's connect step: the target is resolved and vetted by the URL policy, and the socket
/// connects to exactly that address.
public static class WebhookConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> For(WebhookUrlPolicy policy) =>
        async (context, cancellationToken) =>
        {
            var vetted = await policy.VetAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                if (vetted is null) await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                else await socket.ConnectAsync(new IPEndPoint(vetted, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
}
