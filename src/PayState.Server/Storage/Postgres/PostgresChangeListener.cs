using Npgsql;

namespace PayState.Server.Storage.Postgres;

/// Hears what other processes commit (NOTIFY from their write batches) and wakes this process's long-poll
/// waiters, dispatcher and timer loop, and retires its cached API keys when a terminal was written. After a dropped connection it subscribes again and wakes everything,
/// since whatever was announced meanwhile is lost. Idle, it pings the connection every 30 s: one dropped without
/// a word (a NAT or firewall forgetting it, a host gone) would otherwise never fail, and every notice be lost.
public sealed class PostgresChangeListener(PostgresStore store, IRemoteCommitObserver commits, ILogger<PostgresChangeListener> log)
    : BackgroundService
{
    private static readonly TimeSpan Backoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PingEvery = TimeSpan.FromSeconds(30);
    private const int PingTimeoutSeconds = 10;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = store.CreateConnection();
                connection.Notification += (_, e) => Handle(e.Payload);
                await connection.OpenAsync(stoppingToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN \"{store.Channel}\"", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }
                commits.AnythingMayHaveChanged();
                store.TerminalsHeard();
                await using var ping = new NpgsqlCommand("SELECT 1", connection) { CommandTimeout = PingTimeoutSeconds };
                while (true)
                {
                    // No answer within the timeout breaks the connection, and we subscribe again on a new one.
                    if (!await connection.WaitAsync(PingEvery, stoppingToken).ConfigureAwait(false))
                        await ping.ExecuteNonQueryAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                store.TerminalsUnheard();
                log.LogWarning("Change notifications interrupted ({Error}); subscribing again in {Backoff}", e.Message, Backoff);
                await Task.Delay(Backoff, TimeProvider.System, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private void Handle(string payload)
    {
        switch (payload)
        {
            case ChangeNotices.DeliveriesPayload:
                commits.DeliveriesWritten();
                break;
            case ChangeNotices.TimersPayload:
                commits.TimersWritten();
                break;
            case ChangeNotices.TerminalsPayload:
                store.TerminalsChanged();
                break;
            default:
                if (payload.StartsWith(ChangeNotices.ObjectPrefix, StringComparison.Ordinal))
                {
                    foreach (var id in payload[ChangeNotices.ObjectPrefix.Length..].Split(',')) commits.ObjectChanged(id);
                }
                break;
        }
    }
}
