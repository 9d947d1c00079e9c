using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Accounts;

/// A PATCH of a terminal, read and checked before anything is written; members not given stay as they were. A new
/// member is a name in Fields, a property read in Read and a step in Apply.
public sealed record TerminalPatch(bool? Disabled)
{
    public static readonly string[] Fields = ["disabled"];

    public static TerminalPatch Read(ReadOnlyMemory<byte> body)
    {
        using var request = JsonRequest.Parse(body, Fields);
        return new TerminalPatch(
            request.Has("disabled") ? request.OptionalBool("disabled") ?? throw ApiException.Invalid("disabled", "must be true or false, not null.") : null);
    }

    public TerminalRecord Apply(TerminalRecord terminal) => Disabled is { } disabled ? terminal with { Disabled = disabled } : terminal;
}
