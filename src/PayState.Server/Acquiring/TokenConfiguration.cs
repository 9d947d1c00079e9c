using System.Globalization;
using System.Text.Json;
using PayState.Server.Acquiring.Wallets;

namespace PayState.Server.Acquiring;

/// Reads PAYSTATE_{NETWORK}_CHAIN_ID and PAYSTATE_{NETWORK}_TOKENS (a JSON array of
/// {"symbol","name","decimals","contract"}; no contract for the native coin) over the built-in table, so a testnet
/// or a local chain can be named with its own tokens. A network's configured tokens replace its built-in ones.
public static class TokenConfiguration
{
    private const int MaxDecimals = 77;

    public static TokenTable From(IConfiguration config)
    {
        var table = TokenTable.BuiltIn;
        foreach (var network in TokenTable.BuiltIn.Networks)
        {
            var prefix = $"PAYSTATE_{network.ToUpperInvariant()}";
            var chainId = config[$"{prefix}_CHAIN_ID"] is { Length: > 0 } id ? ChainId($"{prefix}_CHAIN_ID", id) : (long?)null;
            var tokens = config[$"{prefix}_TOKENS"] is { Length: > 0 } json ? Tokens($"{prefix}_TOKENS", network, json) : null;
            table = table.With(network, chainId, tokens);
        }
        return table;
    }

    private static long ChainId(string key, string text) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? id
            : throw new FormatException($"{key} must be a positive whole number (the network's EIP-155 chain id), not '{text}'.");

    public static IReadOnlyList<Token> Tokens(string key, string network, string json)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"{key} is not valid JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            throw new FormatException($"{key} must be a JSON array of tokens: [{{\"symbol\":\"USDT\",\"name\":\"Tether USD\",\"decimals\":6,\"contract\":\"0x...\"}}].");
        var tokens = root.EnumerateArray().Select((t, i) => ReadToken($"{key}[{i}]", network, t)).ToList();
        if (tokens.GroupBy(t => t.Symbol).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new FormatException($"{key} names {twice.Key} more than once.");
        if (tokens.Count(t => t.IsNative) > 1)
            throw new FormatException($"{key} has more than one token without a contract; only the native coin has none.");
        return tokens;
    }

    private static Token ReadToken(string key, string network, JsonElement t)
    {
        if (t.ValueKind != JsonValueKind.Object) throw new FormatException($"{key} must be an object.");
        var symbol = Text(key, t, "symbol");
        var name = Text(key, t, "name");
        if (!t.TryGetProperty("decimals", out var d) || !d.TryGetInt32(out var decimals) || decimals is < 0 or > MaxDecimals)
            throw new FormatException($"{key}.decimals must be a whole number from 0 to {MaxDecimals}.");
        var contract = t.TryGetProperty("contract", out var c) && c.ValueKind != JsonValueKind.Null ? Contract(key, network, c.GetString() ?? "") : null;
        return new Token(network, symbol, name, decimals, contract);
    }

    private static string Text(string key, JsonElement t, string field) =>
        t.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 and <= 64 } text
            ? text
            : throw new FormatException($"{key}.{field} must be a string of 1 to 64 characters.");

    /// The contract as the order shows it: EIP-55 on Ethereum, base58check on Tron.
    private static string Contract(string key, string network, string text)
    {
        if (network == TokenTable.Tron)
            return TronAddress.IsValid(text) ? text : throw new FormatException($"{key}.contract '{text}' is not a Tron address.");
        return EvmAddress.TryParse(text) is { } bytes
            ? Eip55.ToChecksumAddress(bytes)
            : throw new FormatException($"{key}.contract '{text}' is not an address (0x and 40 hex digits).");
    }
}
