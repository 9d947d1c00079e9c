using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace PayState.Server.Http;

/// Writes errors in the envelope the path's clients expect: the acquiring API's own
/// { success: false, error: { code, message } }, and RFC 9457 problem details with a code everywhere else.
public static class ApiErrorWriter
{
    public static bool UsesAcquiringEnvelope(PathString path) =>
        path.StartsWithSegments("/api/public/v1/acquiring", StringComparison.Ordinal);

    public static byte[] Render(PathString path, int statusCode, string code, string message, string? field)
    {
        using var buffer = new MemoryStream();
        // Messages quote what was sent ('Bogus'): written as they read, not as \u0027, since the answer is JSON, never HTML.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (UsesAcquiringEnvelope(path))
            {
                json.WriteBoolean("success", false);
                json.WriteStartObject("error");
                json.WriteString("code", code);
                json.WriteString("message", message);
                json.WriteEndObject();
            }
            else
            {
                json.WriteString("type", "about:blank");
                json.WriteString("title", ReasonPhrases.GetReasonPhrase(statusCode));
                json.WriteNumber("status", statusCode);
                json.WriteString("detail", message);
                json.WriteString("code", code);
                if (field is not null) json.WriteString("field", field);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    public static async Task WriteAsync(HttpContext context, int statusCode, string code, string message, string? field = null)
    {
        var body = Render(context.Request.Path, statusCode, code, message, field);
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = UsesAcquiringEnvelope(context.Request.Path) ? "application/json" : "application/problem+json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }
}
