using System.Globalization;
using System.Numerics;
using System.Text.Json;
using PayState.Server.Http;

namespace PayState.Server.Tests.Refunds;

/// A refund as its status API answers it, which is also each change's webhook body:
/// {"refund_id", "status", "amount", "currency", "failure_reason", "webhook_url", "created_at", "expires_at"}.
public sealed record RefundDocument(
    string RefundId, string Status, BigInteger Amount, string Currency, string? FailureReason, string? WebhookUrl, DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    public bool IsFinal => Status is Succeeded or Failed;

    public byte[] Write() => JsonBytes.Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("refund_id", RefundId);
        json.WriteString("status", Status);
        json.WriteNumberValue(Amount, "amount");
        json.WriteString("currency", Currency);
        if (FailureReason is null) json.WriteNull("failure_reason");
        else json.WriteString("failure_reason", FailureReason);
        if (WebhookUrl is null) json.WriteNull("webhook_url");
        else json.WriteString("webhook_url", WebhookUrl);
        json.WriteString("created_at", WireTime.Write(CreatedAt));
        json.WriteString("expires_at", WireTime.Write(ExpiresAt));
        json.WriteEndObject();
    });

    public static RefundDocument Read(string data)
    {
        using var document = JsonDocument.Parse(data);
        var root = document.RootElement;
        return new RefundDocument(
            root.GetProperty("refund_id").GetString()!, root.GetProperty("status").GetString()!,
            BigInteger.Parse(root.GetProperty("amount").GetRawText(), CultureInfo.InvariantCulture), root.GetProperty("currency").GetString()!,
            root.GetProperty("failure_reason").GetString(), root.GetProperty("webhook_url").GetString(),
            WireTime.Read(root.GetProperty("created_at").GetString()!),
            WireTime.Read(root.GetProperty("expires_at").GetString()!));
    }
}

internal static class AmountJson
{
    /// An amount of any size, written as the JSON number it is (no floating point on the way).
    public static void WriteNumberValue(this Utf8JsonWriter json, BigInteger amount, string name)
    {
        json.WritePropertyName(name);
        json.WriteRawValue(amount.ToString(CultureInfo.InvariantCulture));
    }
}
