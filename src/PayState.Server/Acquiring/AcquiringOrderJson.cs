using System.Text;
using PayState.Client;
using PayState.Server.Http;

namespace PayState.Server.Acquiring;

/// The order's wire format is the SDK's AcquiringOrder (field names, order and null handling live there). An order's
/// document is its envelope, {"success":true,"data":...}: the status answer, and the webhook of that version, are the
/// same bytes (kept as StoredOrder says).
public static class AcquiringOrderJson
{
    // Not the SDK's envelope type: a GET answers the stored document as it is, without deserializing it first.
    private static readonly byte[] EnvelopeStart = Encoding.UTF8.GetBytes("{\"success\":true,\"data\":");

    /// The order as the SDK's AcquiringOrder writes it: its envelope's data.
    public static byte[] WriteData(Order o) =>
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(ToWire(o), AcquiringJsonContext.Wire.AcquiringOrder);

    /// The answer and webhook body: {"success":true,"data":<the order>}.
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

    /// An order's document: its envelope, as answered and sent.
    public static byte[] WriteDocument(Order o) => Envelope(WriteData(o));

    /// An order from its document (the QR code as the document holds it: rendered, or its payment URI when stored).
    public static Order ReadDocument(string document)
    {
        if (!document.StartsWith("{\"success\":true,\"data\":", StringComparison.Ordinal) || !document.EndsWith('}'))
            throw new InvalidOperationException("A stored order document is not an order envelope.");
        return ReadData(document.AsSpan(EnvelopeStart.Length, document.Length - EnvelopeStart.Length - 1));
    }

    public static Order ReadData(ReadOnlySpan<char> data)
    {
        var d = System.Text.Json.JsonSerializer.Deserialize(data, AcquiringJsonContext.Wire.AcquiringOrder)
            ?? throw new InvalidOperationException("A stored order document is null.");
        return new Order
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

    private static AcquiringOrder ToWire(Order o) => new()
    {
        Uuid = o.Uuid,
        TerminalUuid = o.TerminalUuid,
        Amount = o.Amount,
        Currency = new OrderCurrency { TokenAddress = o.Currency.TokenAddress, Name = o.Currency.Name, Symbol = o.Currency.Symbol, Decimals = o.Currency.Decimals },
        Wallet = new OrderWallet { WalletAddress = o.WalletAddress, WalletQr = o.WalletQr, Network = o.Currency.Network },
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
