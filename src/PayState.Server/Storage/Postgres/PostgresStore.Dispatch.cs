using PayState.Server.Delivery;

namespace PayState.Server.Storage.Postgres;

public sealed partial class PostgresStore
{
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimDeliveriesAsync(ClaimRequest request, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<ClaimedDelivery>>(tx => ((PostgresTransaction)tx).Claim(request), cancellationToken);

    public Task RecordOutcomesAsync(IReadOnlyList<DeliveryOutcome> outcomes, CancellationToken cancellationToken) =>
        WriteAsync(tx =>
        {
            ((PostgresTransaction)tx).RecordOutcomes(outcomes);
            return true;
        }, cancellationToken);

    public async Task<DateTimeOffset?> NextDeliveryDueAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(
            // A leased row comes due again when its lease runs out, whatever its retry time says.
            """
            SELECT min(greatest(d.next_attempt_at, coalesce(d.lease_until, 0))) FROM deliveries d
            WHERE d.status IN ('pending', 'failed')
              AND NOT EXISTS (SELECT 1 FROM deliveries p
                              WHERE p.object_id = d.object_id AND p.url = d.url AND p.event_seq < d.event_seq
                                AND p.status IN ('pending', 'failed'))
            """,
            _ => { }, r => r.GetTimeOrNull(0), cancellationToken).ConfigureAwait(false)).FirstOrDefault();
}
