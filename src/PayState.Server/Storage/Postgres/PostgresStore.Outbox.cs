namespace PayState.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<OutboxStats> OutboxStatsAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT count(*), min(created_at) FROM deliveries WHERE status IN ('pending', 'failed')",
            _ => { }, r => new OutboxStats(r.GetInt64(0), r.GetTimeOrNull(1)), cancellationToken).ConfigureAwait(false))[0];
}
