using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using PayState.Server.Http;

namespace PayState.Server.Acquiring;

/// The order's wire format, field for field in the seed's order. The stored document is the inner "data"
/// object, so a status answer is the stored text in the envelope, and the webhook of a version is the same bytes.
public static class AcquiringOrderJson
{
    private static readonly byte[] EnvelopeStart = Encoding.UTF8.GetBytes("{\"success\":true,\"data\":");

    public static string WriteData(AcquiringOrder o) => Encoding.UTF8.GetString(JsonBytes.Write(json => WriteData(json, o)));

    /// The answer and webhook body: {"success":true,"data":<stored document>}.
    public static byte[] Envelope(string data)
    {
        var bytes = new byte[EnvelopeStart.Length + Encoding.UTF8.GetByteCount(data) + 1];
        EnvelopeStart.CopyTo(bytes, 0);
        var written = Encoding.UTF8.GetBytes(data, bytes.AsSpan(EnvelopeStart.Length));
        bytes[EnvelopeStart.Length + written] = (byte)'}';
        return bytes;
    }

    private static void WriteData(Utf8JsonWriter json, AcquiringOrder o)
    {
        json.WriteStartObject();
        json.WriteString("uuid", o.Uuid);
        json.WriteString("terminal_uuid", o.TerminalUuid);
        json.WritePropertyName("amount");
        json.WriteRawValue(o.Amount.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
        json.WriteStartObject("currency");
        json.WriteString("token_address", o.Currency.TokenAddress);
        json.WriteString("name", o.Currency.Name);
        json.WriteString("symbol", o.Currency.Symbol);
        json.WriteNumber("decimals", o.Currency.Decimals);
        json.WriteEndObject();
        json.WriteStartObject("wallet");
        json.WriteString("wallet_address", o.WalletAddress);
        json.WriteString("wallet_qr", o.WalletQr);
        json.WriteString("network", o.Currency.Network);
        json.WriteEndObject();
        json.WriteString("external_order_id", o.ExternalOrderId);
        json.WriteString("external_client_id", o.ExternalClientId);
        json.WritePropertyName("external_data");
        if (o.ExternalData is null) json.WriteNullValue();
        else json.WriteRawValue(o.ExternalData);
        json.WriteNumber("status_id", o.Status.Id);
        json.WriteString("status", o.Status.Name);
        json.WriteString("webhook_url", o.WebhookUrl);
        json.WriteBoolean("is_test", o.IsTest);
        json.WriteString("created_at", WireTime.Write(o.CreatedAt));
        json.WriteString("transaction_end_at", o.TransactionEndAt is { } end ? WireTime.Write(end) : null);
        json.WriteString("expired_at", WireTime.Write(o.ExpiredAt));
        json.WriteEndObject();
    }

    public static AcquiringOrder ReadData(string data)
    {
        using var document = JsonDocument.Parse(data);
        var d = document.RootElement;
        var currency = d.GetProperty("currency");
        var wallet = d.GetProperty("wallet");
        var externalData = d.GetProperty("external_data");
        return new AcquiringOrder
        {
            Uuid = d.GetProperty("uuid").GetString()!,
            TerminalUuid = d.GetProperty("terminal_uuid").GetString()!,
            Amount = BigInteger.Parse(d.GetProperty("amount").GetRawText(), CultureInfo.InvariantCulture),
            Currency = new Token(
                wallet.GetProperty("network").GetString()!, currency.GetProperty("symbol").GetString()!,
                currency.GetProperty("name").GetString()!, currency.GetProperty("decimals").GetInt32(),
                currency.GetProperty("token_address").GetString()),
            WalletAddress = wallet.GetProperty("wallet_address").GetString()!,
            WalletQr = wallet.GetProperty("wallet_qr").GetString()!,
            ExternalOrderId = d.GetProperty("external_order_id").GetString(),
            ExternalClientId = d.GetProperty("external_client_id").GetString(),
            ExternalData = externalData.ValueKind == JsonValueKind.Null ? null : externalData.GetRawText(),
            Status = OrderStatus.Find(d.GetProperty("status").GetString()!)!,
            WebhookUrl = d.GetProperty("webhook_url").GetString(),
            IsTest = d.GetProperty("is_test").GetBoolean(),
            CreatedAt = WireTime.Read(d.GetProperty("created_at").GetString()!),
            TransactionEndAt = d.GetProperty("transaction_end_at").GetString() is { } end ? WireTime.Read(end) : null,
            ExpiredAt = WireTime.Read(d.GetProperty("expired_at").GetString()!),
        };
    }
}
