using System.Text.Json;
using PayState.Server.Acquiring.Chain;
using PayState.Server.Acquiring.Wallets;
using PayState.Server.Http;
using PayState.Server.Storage;

namespace PayState.Server.Acquiring;

/// One network's part of a terminal PATCH's "wallets": removed whole (null), or members given to change. An omitted
/// member keeps its value; a null one goes back to its default (no key, the network's confirmations).
public sealed record WalletChange(string Network, bool Remove, bool SetsXpub, AccountPublicKey? Xpub, bool SetsConfirmations, int? Confirmations)
{
    public TerminalWallet? Apply(string terminalId, TerminalWallet? current, DateTimeOffset now)
    {
        if (Remove) return null;
        var changed = new TerminalWallet(
            terminalId, Network, SetsXpub ? Xpub?.Text : current?.Xpub, SetsConfirmations ? Confirmations : current?.Confirmations, now);
        return changed.Xpub is null && changed.Confirmations is null ? null : changed;
    }
}

/// Reads "wallets": {"ethereum": {"xpub": "xpub...", "confirmations": 6}} with every problem named by its path.
public static class WalletChanges
{
    private static readonly string[] Members = ["xpub", "confirmations"];

    public static IReadOnlyList<WalletChange> Parse(JsonElement wallets, TokenTable tokens)
    {
        if (wallets.ValueKind != JsonValueKind.Object)
            throw ApiException.Invalid("wallets", "must be an object of networks, as {\"ethereum\":{\"xpub\":\"xpub...\"}}.");
        var changes = new List<WalletChange>();
        foreach (var entry in wallets.EnumerateObject())
        {
            var path = $"wallets.{entry.Name}";
            if (tokens.Network(entry.Name) is null)
                throw ApiException.Invalid(path, $"is not a network; use one of {string.Join(", ", tokens.Networks)}.");
            if (changes.Any(c => c.Network == entry.Name)) throw ApiException.Invalid(path, "appears more than once.");
            changes.Add(entry.Value.ValueKind switch
            {
                JsonValueKind.Null => new WalletChange(entry.Name, true, false, null, false, null),
                JsonValueKind.Object => Change(entry.Name, path, entry.Value),
                _ => throw ApiException.Invalid(path, "must be an object ({\"xpub\": \"xpub...\"}) or null to remove the wallet."),
            });
        }
        return changes;
    }

    private static WalletChange Change(string network, string path, JsonElement wallet)
    {
        foreach (var member in wallet.EnumerateObject())
        {
            if (!Members.Contains(member.Name))
                throw ApiException.Invalid($"{path}.{member.Name}", $"is not a known field; expected {string.Join(", ", Members)}.");
        }
        var setsXpub = wallet.TryGetProperty("xpub", out var xpub);
        var setsConfirmations = wallet.TryGetProperty("confirmations", out var confirmations);
        return new WalletChange(
            network, false, setsXpub, setsXpub ? Key($"{path}.xpub", xpub) : null, setsConfirmations,
            setsConfirmations ? Confirmations($"{path}.confirmations", confirmations) : null);
    }

    private static AccountPublicKey? Key(string path, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 and <= 200 } text)
            throw ApiException.Invalid(path, "must be the account's extended public key as a string (xpub...), or null to remove it.");
        // The message never repeats the value: a private key pasted by mistake must not travel further.
        return AccountPublicKey.Parse(text, out var error) ?? throw ApiException.Invalid(path, error);
    }

    private static int? Confirmations(string path, JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var count) || count < 1 || count > ChainOptions.MaxConfirmations)
            throw ApiException.Invalid(path, $"must be a whole number from 1 to {ChainOptions.MaxConfirmations}, or null for the network's default.");
        return count;
    }
}
