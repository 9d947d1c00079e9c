using PayState.Server.Storage;

namespace PayState.Server.Delivery;

/// The keys that sign a terminal's webhooks now, newest first: its secret, and the previous one while a rotation overlaps.
public static class SigningKeys
{
    public static IReadOnlyList<byte[]> For(TerminalRecord terminal, DateTimeOffset now)
    {
        var current = StandardWebhookSigner.KeyBytes(terminal.WebhookSecret);
        return terminal.PreviousWebhookSecret is { } previous && terminal.PreviousSecretValidUntil > now
            ? [current, StandardWebhookSigner.KeyBytes(previous)]
            : [current];
    }
}
