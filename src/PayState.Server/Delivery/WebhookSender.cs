using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// Sends one attempt of one delivery: the stored body, signed, with the Standard Webhooks headers and
/// PayState-Sequence, and what its purpose adds (IDeliveryHeaders). Redirects are not followed; the attempt timeout
/// covers the whole exchange.
public sealed class WebhookSender(
    IHttpClientFactory clients, TimeProvider clock, DeliveryOptions options, IEnumerable<IDeliveryHeaders> headers, ILogger<WebhookSender> log)
{
    public const string ClientName = "webhooks";
    public const int KeptAnswerBytes = 1024;
    private const int MaxDrainBytes = 64 * 1024;
    private readonly Dictionary<string, IDeliveryHeaders> _headers = headers.ToDictionary(h => h.Purpose, StringComparer.Ordinal);

    /// The attempt's result, unanswered if no complete answer came by deadline (on the clock). Throws only when
    /// cancellationToken (shutdown) is cancelled: whatever else goes wrong is a failed attempt with its error, so the
    /// delivery follows the schedule to dead rather than staying unrecorded and being tried again, and logged again,
    /// each time its lease runs out.
    public async Task<AttemptResult> SendAsync(ClaimedDelivery delivery, IReadOnlyList<byte[]> keys, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            return await ExchangeAsync(delivery, keys, started, deadline, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            log.LogError(e, "Delivery {DeliveryId} of event {EventId} (object {ObjectId}) could not be attempted", delivery.Id, delivery.EventId, delivery.ObjectId);
            return Failure($"could not be attempted: {e.Message}", started);
        }
    }

    private async Task<AttemptResult> ExchangeAsync(
        ClaimedDelivery delivery, IReadOnlyList<byte[]> keys, long started, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // One message is one delivery (an event to one target): its id is the message's id, on every attempt and resend.
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.Id);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhookSigner.Sign(delivery.Id, timestamp, delivery.Payload, keys));
        request.Headers.TryAddWithoutValidation("PayState-Sequence", delivery.Version.ToString(CultureInfo.InvariantCulture));
        if (_headers.TryGetValue(delivery.Purpose, out var particular)) particular.Add(request.Headers, delivery.Payload, keys);

        using var timeout = Shared.DeadlineSource.Until(deadline, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await clients.CreateClient(ClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token).ConfigureAwait(false);
            var body = await ReadStartAsync(response, linked.Token).ConfigureAwait(false);
            return new AttemptResult((int)response.StatusCode, null, body, RetryAfter(response), clock.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Failure($"timeout: no complete answer within {options.AttemptTimeout.TotalSeconds:0.###} s", started) with { Unanswered = true };
        }
        catch (HttpRequestException e) when (e.InnerException is TargetRefusedException refused)
        {
            return Failure(refused.Message, started) with { Refused = true };
        }
        catch (HttpRequestException e)
        {
            // The message says what happened ("Connection refused (host:port)"); the error's enum name would only repeat it.
            return Failure($"connection error: {e.Message}", started) with { Unanswered = true };
        }
        catch (IOException e)
        {
            return Failure($"connection error: {e.Message}", started) with { Unanswered = true };
        }
    }

    private AttemptResult Failure(string error, long started) => new(null, error, null, null, clock.GetElapsedTime(started));

    /// Keeps the first KiB of the answer for the attempt log, and reads on (to a bound) so the connection can be reused.
    private static async Task<string> ReadStartAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // Most receivers answer 2xx with no body: nothing to read or keep.
        if (response.Content.Headers.ContentLength == 0) return "";
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            var kept = 0;
            var total = 0;
            int read;
            // The first KiB stays at the buffer's start; later reads go after it and are dropped.
            while (total < MaxDrainBytes && (read = await stream.ReadAsync(buffer.AsMemory(kept), cancellationToken).ConfigureAwait(false)) > 0)
            {
                kept = Math.Min(kept + read, KeptAnswerBytes);
                total += read;
            }
            return Encoding.UTF8.GetString(buffer, 0, kept);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - clock.GetUtcNow(),
        _ => null,
    };
}
