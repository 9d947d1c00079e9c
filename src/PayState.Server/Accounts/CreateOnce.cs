using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// A merchant's create, executed once. With an Idempotency-Key, a retry of the same create with the same body
/// answers the first answer again, and the key sent with another body or to another create is refused (422).
/// Otherwise the request's signature is claimed in the create's own transaction: the same signed request sent
/// again is refused (401 replayed_request) and nothing is written twice.
public sealed class CreateOnce(string terminalId, string kind, string? key, string fingerprint, SignatureUse signature)
{
    public static CreateOnce For(HttpContext http, string kind, ReadOnlyMemory<byte> body) =>
        new(http.Terminal().Id, kind, IdempotencyKey.From(http), IdempotencyKey.Fingerprint(body), SignatureUse.Of(http));

    /// The first answer, when a create with this key was made already: looked up before any work on the body.
    public async Task<RawJsonResult?> EarlierAnswerAsync(IStore store, CancellationToken cancellationToken) =>
        key is not null && await store.FindIdempotencyAsync(terminalId, key, cancellationToken).ConfigureAwait(false) is { } earlier
            ? Replay(earlier)
            : null;

    /// Runs in the create's transaction: the first answer when a concurrent retry with the key committed first; null,
    /// with nothing written, when the signature was used already; otherwise inserts, records the key and the answer,
    /// and returns the answer.
    public RawJsonResult? Write(IStoreTransaction tx, DateTimeOffset now, RawJsonResult answer, Action<IStoreTransaction> insert)
    {
        if (key is not null && tx.FindIdempotency(terminalId, key) is { } raced) return Replay(raced);
        if (!signature.Claim(tx)) return null;
        insert(tx);
        if (key is not null) tx.InsertIdempotency(new IdempotencyRecord(terminalId, key, kind, fingerprint, answer.StatusCode, answer.Body.ToArray(), now));
        return answer;
    }

    private RawJsonResult Replay(IdempotencyRecord earlier) =>
        earlier.Kind != kind ? throw IdempotencyKey.Reused($"for another kind of create ({earlier.Kind})")
        : earlier.RequestHash != fingerprint ? throw IdempotencyKey.Reused("with a different request body")
        : new RawJsonResult(earlier.StatusCode, earlier.ResponseBody);
}
