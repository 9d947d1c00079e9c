using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PayState.Client.Webhooks;

namespace PayState.Client.AspNetCore;

/// <summary>
/// The receiver's answers: the status, and a small JSON body that says what became of the message, so PayState's attempt
/// log shows whether it was processed, a duplicate, stale, a conflict or refused.
/// </summary>
public static class PayStateWebhookAnswers
{
    /// <summary>Answers what the processor decided: 200, 409 or 410, or 503 with <c>Retry-After</c>.</summary>
    /// <param name="http">The request to answer.</param>
    /// <param name="webhook">The message.</param>
    /// <param name="result">The processor's result.</param>
    /// <returns>A task that completes once written.</returns>
    public static Task WriteAsync(HttpContext http, PayStateWebhook webhook, WebhookResult result)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(webhook);
        ArgumentNullException.ThrowIfNull(result);
        if (result.RetryAfter is { } after)
            http.Response.Headers.RetryAfter = Math.Ceiling(after.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        return WriteAsync(http, result.StatusCode, Outcome(result.Outcome), webhook.MessageId, null);
    }

    /// <summary>Answers a refused request (see <see cref="PayStateWebhookRequest.StatusCode"/>) or a handler's failure (500).</summary>
    /// <param name="http">The request to answer.</param>
    /// <param name="statusCode">The status.</param>
    /// <param name="problem">What went wrong, without secrets or exception details.</param>
    /// <returns>A task that completes once written.</returns>
    public static Task WriteRefusedAsync(HttpContext http, int statusCode, string problem) =>
        WriteAsync(http, statusCode, statusCode >= 500 ? "failed" : "refused", null, problem);

    private static async Task WriteAsync(HttpContext http, int statusCode, string outcome, string? messageId, string? problem)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("outcome", outcome);
            if (messageId is not null) json.WriteString("message_id", messageId);
            if (problem is not null) json.WriteString("error", problem);
            json.WriteEndObject();
        }
        await http.Response.Body.WriteAsync(buffer.ToArray(), http.RequestAborted);
    }

    private static string Outcome(WebhookOutcome outcome) => outcome switch
    {
        WebhookOutcome.Processed => "processed",
        WebhookOutcome.Conflict => "conflict",
        WebhookOutcome.RetryLater => "retry_later",
        WebhookOutcome.Duplicate => "duplicate",
        WebhookOutcome.Stale => "stale",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
