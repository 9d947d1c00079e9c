using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// Idempotency-Key: a retried create with the same key and body gets the first answer again, not a second order.
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

    public static RawJsonResult Replay(IdempotencyRecord earlier, ReadOnlyMemory<byte> body) =>
        earlier.RequestHash == CreateOrderRequest.Fingerprint(body)
            ? new RawJsonResult(earlier.StatusCode, earlier.ResponseBody)
            : throw new ApiException(422, "idempotency_key_reused", $"This {Header} was used with a different request body; use a new key for a new request.");
}
