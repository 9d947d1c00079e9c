using System.Net.Sockets;
using Npgsql;

namespace PayState.Server.Storage;

/// Tells a database that cannot be reached (answer 503, try again) from a bug or a refused statement.
public static class StoreFailure
{
    public static bool IsUnavailable(Exception e) => e switch
    {
        PostgresException pg => pg.SqlState is "57P01" or "57P02" or "57P03" or "53300" || pg.SqlState.StartsWith("08", StringComparison.Ordinal),
        NpgsqlException => true,
        SocketException or TimeoutException or CommitOutcomeUnknownException => true,
        _ => e.InnerException is { } inner && IsUnavailable(inner),
    };
}
