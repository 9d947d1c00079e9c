using System.Text;
using Microsoft.Extensions.Hosting;

namespace PayState.Client.Webhooks;

/// <summary>
/// Catches up on missed webhooks: pages through the events feed from the stored cursor, feeds every event
/// through the same duplicate and stale-sequence rule as the webhook endpoint, stores the cursor after each
/// page, and sleeps <paramref name="interval"/> when caught up.
/// </summary>
/// <param name="fetchPage">Fetches the page after a cursor (null: from the start): its events and the next cursor.</param>
/// <param name="cursors">Keeps the position in the feed.</param>
/// <param name="state">The same store the webhook endpoint uses.</param>
/// <param name="handler">Applies one new event.</param>
/// <param name="clock">The clock to sleep on.</param>
/// <param name="interval">How long to sleep once caught up.</param>
public sealed class PayStateReconciler(
    Func<string?, CancellationToken, Task<(IReadOnlyList<ReconcileEvent> Events, string? NextCursor)>> fetchPage,
    ICursorStore cursors,
    IWebhookStateStore state,
    Func<PayStateWebhook, CancellationToken, Task> handler,
    TimeProvider clock,
    TimeSpan interval) : BackgroundService
{
    private readonly WebhookProcessor _processor = new(state, handler);

    /// <summary>Pages until caught up, handling every event not processed yet.</summary>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the feed has no more events.</returns>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var cursor = await cursors.LoadAsync(cancellationToken);
        while (true)
        {
            var (events, next) = await fetchPage(cursor, cancellationToken);
            foreach (var e in events)
            {
                var kind = WebhookShape.TryDetect(e.Payload, out var detected, out _)
                    ? detected
                    : throw new FormatException($"Event {e.Id} has a payload of no known PayState shape.");
                var body = Encoding.UTF8.GetBytes(e.Payload.GetRawText());
                await _processor.ProcessAsync(new PayStateWebhook(e.Id, e.ObjectId, e.Sequence, kind, body, e.Payload), cancellationToken);
            }
            if (next is null || next == cursor) return;
            await cursors.SaveAsync(next, cancellationToken);
            if (events.Count == 0) return;
            cursor = next;
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
                await Task.Delay(interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception)
            {
                // A failed fetch or handler: try again after the interval, from the last stored cursor.
                try
                {
                    await Task.Delay(interval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
