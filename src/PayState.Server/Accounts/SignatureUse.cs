using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// Replay protection: a signed request that changes something records its signature in the same transaction as
/// its change, so the same request sent again byte for byte (to this process or another on the same database) is
/// refused, not executed twice. The record outlives the timestamp window by another window, which covers clocks
/// of different processes that disagree by up to that much. Reads record nothing: answering one twice changes
/// nothing, and a write on every status read would cost the hot path.
public sealed record SignatureUse(byte[] Signature, DateTimeOffset KeepUntil)
{
    public static SignatureUse For(byte[] signature, long timestampSeconds) =>
        new(signature, DateTimeOffset.FromUnixTimeSeconds(timestampSeconds) + MerchantAuthFilter.Window * 2);

    /// The use the authentication filter recorded for this request.
    public static SignatureUse Of(HttpContext http) =>
        http.Items[typeof(SignatureUse)] as SignatureUse ?? throw new InvalidOperationException("The request was not signed by a merchant.");

    /// In the request's write transaction: false when the signature was used already.
    public bool Claim(IStoreTransaction tx) => tx.UseSignature(Signature, KeepUntil);

    public static ApiException Replayed() => ApiException.Unauthorized("replayed_request",
        "This signed request was received already; a request is executed once. Sign each request anew (its own X-Timestamp and body), " +
        "and retry a create with the same Idempotency-Key to get its first answer.");
}
