namespace PayState.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    public async Task<OutboxStats> OutboxStatsAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(
            StoreSql.OutboxStats,
            _ => { }, r => new OutboxStats(r.GetInt64(0), r.GetTimeOrNull(1)), cancellationToken).ConfigureAwait(false))[0];
}
