using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PayState.Client;

/// <summary>
/// The PayState merchant API. Every call is signed with the terminal's credentials ("API Key + Signature");
/// a non-2xx answer throws <see cref="PayStateException"/>. Register it with <c>services.AddPayStateClient(...)</c>
/// (credentials from configuration, re-read on every request) or build it over any <see cref="HttpClient"/> whose
/// <see cref="HttpClient.BaseAddress"/> is the server's root.
/// </summary>
public sealed partial class PayStateClient
{
    private readonly HttpClient _http;
    private readonly Func<PayStateCredentials> _credentials;
    private readonly TimeProvider _clock;

    /// <summary>Creates a client over <paramref name="http"/>, whose base address is the server's root.</summary>
    /// <param name="http">The HTTP client; its <see cref="HttpClient.BaseAddress"/> must be set.</param>
    /// <param name="credentials">The terminal's API key and secret.</param>
    /// <param name="clock">The clock of <c>X-Timestamp</c> (the server accepts 300 s of skew); the system clock by default.</param>
    public PayStateClient(HttpClient http, PayStateCredentials credentials, TimeProvider? clock = null)
        : this(http, Fixed(credentials), clock)
    {
    }

    /// <summary>
    /// Creates a client that reads the credentials afresh for every request, so a rotated secret takes effect at once
    /// (what <c>AddPayStateClient</c> registers, over <c>IOptionsMonitor</c>).
    /// </summary>
    /// <param name="http">The HTTP client; its <see cref="HttpClient.BaseAddress"/> must be set.</param>
    /// <param name="credentials">Answers the terminal's current API key and secret.</param>
    /// <param name="clock">The clock of <c>X-Timestamp</c>; the system clock by default.</param>
    public PayStateClient(HttpClient http, Func<PayStateCredentials> credentials, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(credentials);
        _http = http;
        _credentials = credentials;
        _clock = clock ?? TimeProvider.System;
    }

    private static Func<PayStateCredentials> Fixed(PayStateCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return () => credentials;
    }

    /// <summary>
    /// Sends one request and answers the raw response. Signed requests carry <c>X-Api-Key</c>, <c>X-Timestamp</c>
    /// and <c>X-Signature</c> = lowercase hex HMAC-SHA256(api secret, "{timestamp}.{METHOD}.{path and query}.{raw body}").
    /// </summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="pathAndQuery">The path and query, e.g. <c>/api/v1/events?limit=10</c>, relative to the server root.</param>
    /// <param name="jsonBody">The JSON body, sent as UTF-8 exactly as given; null for none.</param>
    /// <param name="headers">Extra request headers (e.g. <c>Idempotency-Key</c>, <c>If-None-Match</c>).</param>
    /// <param name="sign">False for the public endpoints that take no credentials.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The status, the body text exactly as sent, and the ETag.</returns>
    /// <exception cref="PayStateException">The server answered a non-2xx status.</exception>
    public async Task<PayStateResponse> SendAsync(
        HttpMethod method, string pathAndQuery, string? jsonBody = null, IReadOnlyDictionary<string, string>? headers = null,
        bool sign = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        var uri = PayStateHttp.Resolve(_http, pathAndQuery);
        var body = PayStateHttp.Bytes(jsonBody);
        using var request = PayStateHttp.Request(method, uri, body, headers);
        if (sign)
        {
            var credentials = _credentials();
            var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            // The signed target is what goes on the wire: the resolved URI's escaped path and query.
            request.Headers.Add("X-Api-Key", credentials.ApiKey);
            request.Headers.Add("X-Timestamp", timestamp);
            request.Headers.Add("X-Signature", Sign(credentials.ApiSecret, timestamp, method.Method, uri.PathAndQuery, body ?? []));
        }
        return await PayStateHttp.SendAsync(_http, request, cancellationToken).ConfigureAwait(false);
    }

    internal static string Sign(string secret, string timestamp, string method, string pathAndQuery, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{timestamp}.{method}.{pathAndQuery}.");
        var payload = new byte[prefix.Length + body.Length];
        prefix.CopyTo(payload, 0);
        body.CopyTo(payload, prefix.Length);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
    }

    private async Task<T> SendJsonAsync<T>(
        HttpMethod method, string pathAndQuery, string? jsonBody, JsonTypeInfo<T> type, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var response = await SendAsync(method, pathAndQuery, jsonBody, headers, sign: true, cancellationToken).ConfigureAwait(false);
        return Read(response.Body, type);
    }

    private static T Read<T>(string body, JsonTypeInfo<T> type) =>
        JsonSerializer.Deserialize(body, type) ?? throw new JsonException($"The server answered null for a {typeof(T).Name}.");
}
