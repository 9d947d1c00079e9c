using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// Sends one attempt of one delivery: the stored body, signed, with the Standard Webhooks headers and
/// PayState-Sequence. Redirects are not followed; the attempt timeout covers the whole exchange.
public sealed class WebhookSender(IHttpClientFactory clients, TimeProvider clock, DeliveryOptions options)
{
    public const string ClientName = "webhooks";
    public const int KeptAnswerBytes = 1024;
    private const int MaxDrainBytes = 64 * 1024;

    public async Task<AttemptResult> SendAsync(ClaimedDelivery delivery, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url) { Content = new ByteArrayContent(delivery.Payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", delivery.EventId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", StandardWebhookSigner.Sign(delivery.EventId, timestamp, delivery.Payload, keys));
        request.Headers.TryAddWithoutValidation("PayState-Sequence", delivery.Sequence.ToString(CultureInfo.InvariantCulture));
        if (delivery.Purpose == PaysafeSignature.Purpose)
            request.Headers.TryAddWithoutValidation(PaysafeSignature.Header, PaysafeSignature.Compute(delivery.Payload, keys[0]));

        using var timeout = new CancellationTokenSource(options.AttemptTimeout, clock);
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
            return Failure($"timeout: no complete answer within {options.AttemptTimeout.TotalSeconds:0.###} s", started);
        }
        catch (HttpRequestException e) when (e.InnerException is TargetRefusedException refused)
        {
            return Failure(refused.Message, started) with { Refused = true };
        }
        catch (HttpRequestException e)
        {
            // The message says what happened ("Connection refused (host:port)"); the error's enum name would only repeat it.
            return Failure($"connection error: {e.Message}", started);
        }
        catch (IOException e)
        {
            return Failure($"connection error: {e.Message}", started);
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
