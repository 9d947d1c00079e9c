using System.Security.Cryptography;

namespace PayState.Server.Http;

/// The Idempotency-Key header of a create (CreateOnce) or a processor move (MoveKey), and what a key is bound to
/// besides: the create's body, the move's path and body.
public static class IdempotencyKey
{
    public const string Header = "Idempotency-Key";

    public static string? From(HttpContext http)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length == 0) return null;
        if (key.Length > JsonRequest.MaxStringLength)
            throw new ApiException(400, "invalid_request", $"{Header} is {key.Length} characters long; at most {JsonRequest.MaxStringLength} are allowed.");
        return key;
    }

    /// A retry must send the same body.
    public static string Fingerprint(ReadOnlyMemory<byte> body) => Convert.ToHexStringLower(SHA256.HashData(body.Span));

    public static ApiException Reused(string detail) =>
        new(422, "idempotency_key_reused", $"This {Header} was used {detail}; use a new key for a new request.");
}
