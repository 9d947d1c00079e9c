using System.Numerics;
using System.Text;
using System.Text.Json;
using PayState.Server.Acquiring;

namespace PayState.Server.Tests.Acquiring;

/// The stored document and webhook body are the SDK's AcquiringOrder DTO, written through the server's source-generated
/// context: exact field order, nulls written, timestamps with six digits, amounts as raw digits, and no escaping beyond
/// what JSON needs (a QR code's '+' and '/', a merchant's non-ASCII text stay as they are).
public sealed class AcquiringOrderJsonTests
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static Order Order(string? externalData, DateTimeOffset? endedAt) => new()
    {
        Uuid = "8c1b2f8e-0000-4000-8000-000000000001",
        TerminalUuid = "t-1",
        Amount = BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture),
        Currency = TokenTable.BuiltIn.Find("ethereum", "USDT")!,
        WalletAddress = "0xabc",
        WalletQr = "iVBOR+w0/KGgo=",
        ExternalOrderId = "o<1>&",
        ExternalClientId = null,
        ExternalData = externalData is null ? null : JsonElement.Parse(externalData),
        Status = OrderStatus.Paid,
        WebhookUrl = null,
        IsTest = true,
        CreatedAt = CreatedAt.AddTicks(1234560),
        TransactionEndAt = endedAt,
        ExpiredAt = CreatedAt.AddMinutes(30),
    };

    [Fact]
    public void WriteData_AllFieldKinds_AreTheSeedsFormatByteForByte()
    {
        var data = AcquiringOrderJson.WriteData(Order("""{"note":"café \"q\"","n":[1,2.50]}""", CreatedAt.AddSeconds(5)));

        const string Expected =
            """
            {"uuid":"8c1b2f8e-0000-4000-8000-000000000001","terminal_uuid":"t-1","amount":123456789012345678901234567890,"currency":{"token_address":"0xdAC17F958D2ee523a2206206994597C13D831ec7","name":"Tether USD","symbol":"USDT","decimals":6},"wallet":{"wallet_address":"0xabc","wallet_qr":"iVBOR+w0/KGgo=","network":"ethereum"},"external_order_id":"o<1>&","external_client_id":null,"external_data":{"note":"café \"q\"","n":[1,2.50]},"status_id":3,"status":"Paid","webhook_url":null,"is_test":true,"created_at":"2026-01-01T12:00:00.123456Z","transaction_end_at":"2026-01-01T12:00:05.000000Z","expired_at":"2026-01-01T12:30:00.000000Z"}
            """;
        Assert.Equal(
            Expected,
            Encoding.UTF8.GetString(data));
    }

    [Fact]
    public void WriteData_NoExternalDataNoEnd_WritesNulls()
    {
        var text = Encoding.UTF8.GetString(AcquiringOrderJson.WriteData(Order(null, null)));

        Assert.Contains("\"external_data\":null,", text, StringComparison.Ordinal);
        Assert.Contains("\"transaction_end_at\":null,", text, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadData_ThenWriteData_GivesTheSameBytes_AndEnvelopeWrapsThem()
    {
        var data = AcquiringOrderJson.WriteData(Order("""{"k":"v"}""", null));

        var again = AcquiringOrderJson.WriteData(AcquiringOrderJson.ReadData(Encoding.UTF8.GetString(data)));

        Assert.Equal(data, again);
        Assert.Equal(AcquiringOrderJson.Envelope(Encoding.UTF8.GetString(data)), AcquiringOrderJson.Envelope(data));
        Assert.Equal("{\"success\":true,\"data\":" + Encoding.UTF8.GetString(data) + "}", Encoding.UTF8.GetString(AcquiringOrderJson.Envelope(data)));
    }

    [Fact]
    public void ServerDocument_ReadsAsTheSdkType()
    {
        var data = AcquiringOrderJson.WriteData(Order(null, null));

        var sdk = JsonSerializer.Deserialize<PayState.Client.AcquiringOrder>(data)!;

        Assert.Equal("Paid", sdk.Status);
        Assert.Equal("ethereum", sdk.Wallet.Network);
        Assert.Equal(CreatedAt.AddTicks(1234560), sdk.CreatedAt);
    }
}
