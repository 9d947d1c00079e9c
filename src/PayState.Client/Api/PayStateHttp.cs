using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace PayState.Client;

/// Sending and error mapping shared by the merchant and processor clients.
internal static class PayStateHttp
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// The absolute request URI: pathAndQuery is relative to the client's base address, so a base with a path prefix keeps it.
    public static Uri Resolve(HttpClient http, string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        var baseAddress = http.BaseAddress ?? throw new InvalidOperationException("HttpClient.BaseAddress must be set to the PayState server's root.");
        var root = baseAddress.AbsoluteUri.EndsWith('/') ? baseAddress : new Uri(baseAddress.AbsoluteUri + "/");
        return new Uri(root, pathAndQuery.TrimStart('/'));
    }

    public static HttpRequestMessage Request(HttpMethod method, Uri uri, byte[]? body, IReadOnlyDictionary<string, string>? headers)
    {
        var request = new HttpRequestMessage(method, uri);
        if (body is not null) request.Content = new ByteArrayContent(body) { Headers = { ContentType = Json } };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            // Values like If-None-Match's quoted ETag go out as given.
            if (!request.Headers.TryAddWithoutValidation(name, value)) request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// Sends, reads the answer as text, and turns a non-2xx answer into a PayStateException.
    public static async Task<PayStateResponse> SendAsync(HttpClient http, HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (status is < 200 or > 299) throw Error(status, response.ReasonPhrase, body);
        return new PayStateResponse { StatusCode = status, Body = body, ETag = response.Headers.ETag?.ToString() };
    }

    /// Reads either error envelope: {"success":false,"error":{"code","message"}} (acquiring) or problem+json {"code","detail"}.
    public static PayStateException Error(int status, string? reason, string body)
    {
        string? code = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                var source = root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object ? error : root;
                code = Text(source, "code");
                message = Text(source, "message") ?? Text(source, "detail") ?? Text(source, "title");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, an empty body): fall back to the status line below.
        }
        return new PayStateException(status, code ?? $"http_{status}", message ?? (body.Length > 0 ? body : reason ?? $"HTTP {status}"));
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static byte[]? Bytes(string? json) => json is null ? null : Encoding.UTF8.GetBytes(json);

    /// "?a=1&amp;b=2" of the given values, skipping nulls; empty when none.
    public static string Query(params (string Name, string? Value)[] values)
    {
        var builder = new StringBuilder();
        foreach (var (name, value) in values)
        {
            if (value is null) continue;
            builder.Append(builder.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }
        return builder.ToString();
    }

    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }
}
