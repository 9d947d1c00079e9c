using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// Authenticates the merchant API: X-Api-Key names the terminal, X-Signature proves the caller holds its
/// secret and that method, path, query and body are as signed, X-Timestamp bounds replay to ±300 s; within that, a
/// request that may change something carries its SignatureUse for its handler to claim (replay protection).
public sealed class MerchantAuthFilter(IStore store, TimeProvider clock) : IEndpointFilter
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(300);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var headers = http.Request.Headers;
        string apiKey = headers["X-Api-Key"].ToString(), timestamp = headers["X-Timestamp"].ToString(), signature = headers["X-Signature"].ToString();
        if (apiKey.Length == 0 || timestamp.Length == 0 || signature.Length == 0)
            throw ApiException.Unauthorized("missing_credentials", "The merchant API needs the X-Api-Key, X-Timestamp and X-Signature headers.");
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            throw ApiException.Unauthorized("invalid_timestamp", "X-Timestamp must be Unix time in whole seconds.");
        var skew = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (skew.Duration() > Window)
            throw ApiException.Unauthorized("invalid_timestamp", $"X-Timestamp is {(long)skew.TotalSeconds} s from the server clock; at most {Window.TotalSeconds} s is allowed.");

        var terminal = await store.FindTerminalByApiKeyAsync(apiKey, http.RequestAborted).ConfigureAwait(false)
            ?? throw ApiException.Unauthorized("invalid_api_key", "The X-Api-Key is not known.");
        var body = await RequestBody.ReadAsync(http).ConfigureAwait(false);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (http.Request.Path + http.Request.QueryString).ToString();
        var expected = RequestSignature.Compute(terminal.ApiSecret, timestamp, http.Request.Method, target, body.Span);
        if (!RequestSignature.Matches(expected, signature))
            throw ApiException.Unauthorized("invalid_signature", "X-Signature does not match the request; sign \"{X-Timestamp}.{METHOD}.{path and query}.{raw body}\" with the API secret.");
        // Checked after the signature: only the holder of the secret learns that the terminal is disabled.
        if (terminal.Disabled) throw ApiException.Unauthorized("terminal_disabled", "This terminal is disabled; an administrator can enable it again.");

        http.Items[typeof(TerminalRecord)] = terminal;
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method)) http.Items[typeof(SignatureUse)] = SignatureUse.For(expected, seconds);
        return await next(context).ConfigureAwait(false);
    }
}

public static class AuthenticatedTerminal
{
    /// The terminal whose API key signed this request.
    public static TerminalRecord Terminal(this HttpContext context) =>
        context.Items[typeof(TerminalRecord)] as TerminalRecord ?? throw new InvalidOperationException("The request was not authenticated as a merchant.");
}
