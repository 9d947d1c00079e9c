namespace PayState.Bench;

public static class Http
{
    /// One pooled client, as a real sender or poller would hold.
    public static HttpClient Pooled(int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            Timeout = TimeSpan.FromMinutes(2),
        };
}
