using Npgsql;

namespace PayState.Server.Storage.Postgres;

/// What became of a transaction whose COMMIT got no answer (the connection dropped on the way): asked on a new
/// connection, by the transaction's id (pg_xact_status). The old session may still be alive (a network that dropped
/// the connection, not the server): it is ended first, so its transaction ends too. Asked again while the database
/// cannot be reached, for as long as the patience lasts.
internal sealed class CommitOutcome(string connectionString, TimeSpan patience)
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    // Its own connection, not one of the pool's: after a restart the pool hands out connections that are already dead.
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 2 }.ConnectionString;

    /// True when committed, false when rolled back, null when it could not be found out.
    public bool? Find(string transactionId, int backend)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                return Ask(transactionId, backend);
            }
            catch (Exception e) when (StoreFailure.IsUnavailable(e))
            {
                if (TimeProvider.System.GetElapsedTime(started) >= patience) return null;
                Thread.Sleep(Pause);
            }
        }
    }

    private bool? Ask(string transactionId, int backend)
    {
        using var connection = new NpgsqlConnection(_connectionString);
        connection.Open();
        for (var attempt = 0; ; attempt++)
        {
            string? status;
            try
            {
                using var command = new NpgsqlCommand("SELECT pg_xact_status(@xid::xid8)", connection).With("@xid", transactionId);
                status = command.ExecuteScalar() as string;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidParameterValue)
            {
                // "in the future": a server that never saw the transaction (a standby promoted without it).
                return null;
            }
            switch (status)
            {
                case "committed": return true;
                case "aborted": return false;
                case "in progress" when attempt == 0:
                    // The old session still runs it, its COMMIT not yet read: end it and wait for it to go (5 s at most).
                    using (var end = new NpgsqlCommand("SELECT pg_terminate_backend(@pid, 5000)", connection).With("@pid", backend))
                        end.ExecuteNonQuery();
                    continue;
                default:
                    // Too old to be known any more, or still running after its session was ended.
                    return null;
            }
        }
    }
}
