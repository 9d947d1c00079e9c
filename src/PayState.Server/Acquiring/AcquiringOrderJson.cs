using System.Text;
using PayState.Server.Http;
using Wire = PayState.Client;

namespace PayState.Server.Acquiring;

/// The order's wire format is the SDK's AcquiringOrder (field names, order and null handling live there). The stored
/// document is that inner "data" object, so a status answer is the stored text in the envelope, and the webhook of a
/// version is the same bytes.
public static class AcquiringOrderJson
{
    // Not the SDK's envelope type: a GET answers the stored document as it is, without deserializing it first.
    private static readonly byte[] EnvelopeStart = Encoding.UTF8.GetBytes("{\"success\":true,\"data\":");

    /// The stored document (UTF-8 JSON) of an order.
    public static byte[] WriteData(AcquiringOrder o) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ToWire(o), AcquiringJsonContext.Wire.AcquiringOrder);

    /// The answer and webhook body: {"success":true,"data":<stored document>}.
    public static byte[] Envelope(string data)
    {
        var bytes = new byte[EnvelopeStart.Length + Encoding.UTF8.GetByteCount(data) + 1];
        EnvelopeStart.CopyTo(bytes, 0);
        var written = Encoding.UTF8.GetBytes(data, bytes.AsSpan(EnvelopeStart.Length));
        bytes[EnvelopeStart.Length + written] = (byte)'}';
        return bytes;
    }

    /// The envelope of a document just written, without decoding it to text first.
    public static byte[] Envelope(ReadOnlySpan<byte> data)
    {
        var bytes = new byte[EnvelopeStart.Length + data.Length + 1];
        EnvelopeStart.CopyTo(bytes, 0);
        data.CopyTo(bytes.AsSpan(EnvelopeStart.Length));
        bytes[^1] = (byte)'}';
        return bytes;
    }

    public static AcquiringOrder ReadData(string data)
    {
        var d = System.Text.Json.JsonSerializer.Deserialize(data, AcquiringJsonContext.Wire.AcquiringOrder)
            ?? throw new InvalidOperationException("A stored order document is null.");
        return new AcquiringOrder
        {
            Uuid = d.Uuid,
            TerminalUuid = d.TerminalUuid,
            Amount = d.Amount,
            Currency = new Token(d.Wallet.Network, d.Currency.Symbol, d.Currency.Name, d.Currency.Decimals, d.Currency.TokenAddress),
            WalletAddress = d.Wallet.WalletAddress,
            WalletQr = d.Wallet.WalletQr,
            ExternalOrderId = d.ExternalOrderId,
            ExternalClientId = d.ExternalClientId,
            ExternalData = d.ExternalData,
            Status = OrderStatus.Find(d.Status) ?? throw new InvalidOperationException($"A stored order has the unknown status '{d.Status}'."),
            WebhookUrl = d.WebhookUrl,
            IsTest = d.IsTest,
            CreatedAt = d.CreatedAt,
            TransactionEndAt = d.TransactionEndAt,
            ExpiredAt = d.ExpiredAt,
        };
    }

    private static Wire.AcquiringOrder ToWire(AcquiringOrder o) => new()
    {
        Uuid = o.Uuid,
        TerminalUuid = o.TerminalUuid,
        Amount = o.Amount,
        Currency = new Wire.OrderCurrency { TokenAddress = o.Currency.TokenAddress, Name = o.Currency.Name, Symbol = o.Currency.Symbol, Decimals = o.Currency.Decimals },
        Wallet = new Wire.OrderWallet { WalletAddress = o.WalletAddress, WalletQr = o.WalletQr, Network = o.Currency.Network },
        ExternalOrderId = o.ExternalOrderId,
        ExternalClientId = o.ExternalClientId,
        ExternalData = o.ExternalData,
        StatusId = o.Status.Id,
        Status = o.Status.Name,
        WebhookUrl = o.WebhookUrl,
        IsTest = o.IsTest,
        CreatedAt = o.CreatedAt,
        TransactionEndAt = o.TransactionEndAt,
        ExpiredAt = o.ExpiredAt,
    };
}
