using System.Security.Cryptography;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Lifecycle;

/// A processor move's Idempotency-Key and what it was sent with (the move's path and body). It is recorded in the
/// transaction of the change the move made, so the same move sent again with it is answered as done, whatever
/// has happened to the object since; the key sent with another move is refused.
public sealed record MoveKey(string Key, string Fingerprint)
{
    /// The processor's keys are its own: no merchant terminal has this id.
    public const string Scope = "processor";

    public const string Kind = "processor_move";

    /// A processor move's key, bound to the move's path (its object and what it does) and body; null without one.
    public static MoveKey? For(HttpContext http, ReadOnlyMemory<byte> body)
    {
        if (IdempotencyKey.From(http) is not { } key) return null;
        var path = System.Text.Encoding.UTF8.GetBytes(http.Request.Path.Value + "\n");
        return new MoveKey(key, Convert.ToHexStringLower(SHA256.HashData([.. path, .. body.Span])));
    }

    public IdempotencyRecord Record(DateTimeOffset now) => new(Scope, Key, Kind, Fingerprint, 200, [], now);

    /// Null when the key was recorded by this same move; otherwise the refusal of a key sent with another one.
    public Refusal? Check(IdempotencyRecord earlier) =>
        earlier.Kind == Kind && earlier.RequestHash == Fingerprint
            ? null
            : new Refusal(422, "idempotency_key_reused", "This Idempotency-Key was used with another move (another object, path or body); use a new key for a new move.");
}
