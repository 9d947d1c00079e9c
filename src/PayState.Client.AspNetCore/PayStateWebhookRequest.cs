using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PayState.Client.Webhooks;

namespace PayState.Client.AspNetCore;

/// <summary>
/// Reads one webhook request for an endpoint of your own: the raw body (never model-bound), the Standard Webhooks signature
/// under the terminal's secrets (and Paysafe's <c>Signature</c> when present), the sequence, and the body's shape. Then put
/// <see cref="Webhook"/> through <see cref="PayStateWebhookProcessor"/> and answer with <see cref="PayStateWebhookAnswers"/>.
/// </summary>
public sealed class PayStateWebhookRequest
{
    private PayStateWebhookRequest(PayStateWebhook? webhook, int statusCode, string? problem)
    {
        Webhook = webhook;
        StatusCode = statusCode;
        Problem = problem;
    }

    /// <summary>The verified message; null when the request is refused.</summary>
    public PayStateWebhook? Webhook { get; }

    /// <summary>200 when read; otherwise what to answer: 401 (signature), 400 (not a PayState message), 413 (too large), 500 (no secrets configured).</summary>
    public int StatusCode { get; }

    /// <summary>Why it was refused; null when read.</summary>
    public string? Problem { get; }

    /// <summary>Reads and verifies the request of <paramref name="http"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="terminal">The terminal whose webhook secrets verify it (its name in <c>AddPayStateClient</c>; empty for the default).</param>
    /// <returns>The message, or why it was refused.</returns>
    public static async Task<PayStateWebhookRequest> ReadAsync(HttpContext http, string terminal = "")
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var options = services.GetService<IOptions<PayStateWebhookOptions>>()?.Value ?? new PayStateWebhookOptions();
        var secrets = services.GetRequiredService<IOptionsMonitor<PayStateClientOptions>>().Get(terminal).WebhookSecrets.ToArray();
        if (secrets.Length == 0) return Refused(500, $"no webhook secret is configured for the PayState terminal '{terminal}'");
        if (await ReadBodyAsync(http.Request, options.MaxBodyBytes, http.RequestAborted) is not { } body)
            return Refused(413, $"the body is over {options.MaxBodyBytes} bytes");

        var request = http.Request;
        var id = Header(request, WebhookHeaders.Id);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (!WebhookVerifier.VerifyStandard(body, id, Header(request, WebhookHeaders.Timestamp), Header(request, WebhookHeaders.Signature), secrets, now, options.Tolerance))
            return Refused(401, "the webhook-signature does not verify under the terminal's secrets, or webhook-timestamp is too far from now");
        if (Header(request, WebhookHeaders.PaysafeSignature) is { } paysafe && !secrets.Any(s => WebhookVerifier.VerifyPaysafe(body, paysafe, s)))
            return Refused(401, "the Signature header does not verify under the terminal's secrets");
        if (!long.TryParse(Header(request, WebhookHeaders.Sequence), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
            return Refused(400, "the PayState-Sequence header is missing or not a whole number");
        if (!PayStateWebhook.TryParse(id!, sequence, body, out var webhook))
            return Refused(400, "the body is not a PayState message");
        return new PayStateWebhookRequest(webhook, 200, null);
    }

    private static PayStateWebhookRequest Refused(int statusCode, string problem) => new(null, statusCode, problem);

    private static string? Header(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count > 0 ? values.ToString() : null;

    // The raw bytes; null when longer than allowed.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
