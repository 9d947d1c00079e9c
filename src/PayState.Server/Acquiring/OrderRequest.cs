using System.Numerics;
using System.Text.Json;
using PayState.Server.Http;

namespace PayState.Server.Acquiring;

/// A validated create-order body.
public sealed record OrderRequest(
    BigInteger Amount,
    Token Token,
    string? ExternalOrderId,
    string? ExternalClientId,
    JsonElement? ExternalData,
    string? WebhookUrl,
    bool IsTest,
    TimeSpan ExpiresIn)
{
    public const int DefaultExpiresIn = 1800;
    public const int MaxExpiresIn = 7 * 24 * 3600;
    public const int MaxExternalDataBytes = 16 * 1024;

    // The names the SDK's CreateOrderRequest sends; any other field is refused.
    private static readonly string[] Fields = [.. AcquiringJsonContext.Wire.CreateOrderRequest.Properties.Select(p => p.Name)];

    public static OrderRequest Parse(ReadOnlyMemory<byte> body, WebhookUrlPolicy urls, TokenTable tokens)
    {
        using var request = JsonRequest.Parse(body, Fields);
        var amount = request.RequiredAmount("amount");
        var network = request.RequiredString("network");
        if (tokens.Network(network) is not { } known)
            throw ApiException.Invalid("network", $"'{network}' is not a supported network; use one of {string.Join(", ", tokens.Networks)}.");
        var symbol = request.RequiredString("currency");
        var token = tokens.Find(network, symbol)
            ?? throw ApiException.Invalid("currency", $"'{symbol}' is not a known token on {network}; use one of {string.Join(", ", known.Tokens.Select(t => t.Symbol))}.");
        var webhookUrl = request.OptionalString("webhook_url") is { } url ? urls.Validate("webhook_url", url) : null;
        return new OrderRequest(
            amount,
            token,
            request.OptionalString("external_order_id"),
            request.OptionalString("external_client_id"),
            request.OptionalRawObject("external_data", MaxExternalDataBytes) is { } data ? JsonElement.Parse(data) : null,
            webhookUrl,
            request.OptionalBool("is_test") ?? false,
            TimeSpan.FromSeconds(request.OptionalInteger("expires_in", 60, MaxExpiresIn) ?? DefaultExpiresIn));
    }
}
