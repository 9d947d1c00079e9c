using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// A PATCH of a terminal, read and checked before anything is written; members not given stay as they were. A new
/// member is a name in Fields, a property read in Read and a step in Apply (or, for wallets, in TerminalUpdate).
public sealed record TerminalPatch(bool? Disabled, IReadOnlyList<WalletChange> Wallets)
{
    public static readonly string[] Fields = ["disabled", "wallets"];

    public static TerminalPatch Read(ReadOnlyMemory<byte> body, TokenTable tokens)
    {
        using var request = JsonRequest.Parse(body, Fields);
        return new TerminalPatch(
            request.Has("disabled") ? request.OptionalBool("disabled") ?? throw ApiException.Invalid("disabled", "must be true or false, not null.") : null,
            request.Get("wallets") is { } wallets ? WalletChanges.Parse(wallets, tokens)
            : request.Has("wallets") ? throw ApiException.Invalid("wallets", "must be an object of networks, not null.")
            : []);
    }

    public TerminalRecord Apply(TerminalRecord terminal) => Disabled is { } disabled ? terminal with { Disabled = disabled } : terminal;
}
