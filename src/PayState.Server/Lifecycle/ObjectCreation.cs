using PayState.Server.Accounts;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// A merchant's create of an object of any kind, as each kind's create endpoint answers it.
public static class ObjectCreation
{
    /// Answered 201 with what the kind's create path answers, once (CreateOnce): the earlier answer when the
    /// Idempotency-Key was used before, looked up before the kind's rules read the body.
    public static async Task<RawJsonResult> CreateAsync(HttpContext http, string kind, IStore store, LifecycleEngine engine)
    {
        var terminal = http.Terminal();
        var body = await RequestBody.ReadAsync(http);
        var once = CreateOnce.For(http, kind, body);
        if (await once.EarlierAnswerAsync(store, http.RequestAborted) is { } earlier) return earlier;
        return await engine.CreateAsync(
                kind, terminal, body, (tx, created, insert) => once.Write(tx, created.Object.CreatedAt, new RawJsonResult(201, created.Answer), insert),
                http.RequestAborted)
            ?? throw SignatureUse.Replayed();
    }
}
