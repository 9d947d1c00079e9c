using System.Text.Encodings.Web;
using System.Text.Json;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Api;

/// The SDK's records are the server's wire types: a webhook body the real server sent reads as the record, and the
/// record with its own attributes (plain JsonSerializer, no SDK context) writes the same bytes back.
public sealed class WireTypesTests : IAsyncLifetime
{
    // The server escapes only what JSON requires (a QR code's '+' and '/' stay as they are).
    private static readonly JsonSerializerOptions AsTheServerEscapes = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private ApiTestContext _api = null!;
    private FakeReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _api = await ApiTestContext.StartAsync();
        _receiver = await FakeReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task AcquiringOrder_WebhookData_IsTheOrder_AndWritesBackByteForByte()
    {
        var order = await _api.Client.CreateOrderAsync(new CreateOrderRequest { Amount = 300, Currency = "USDT", Network = "ethereum", WebhookUrl = _receiver.UrlFor("/hook") });
        await _api.Processor.MoveOrderAsync(order.Uuid, "Pending");
        var webhook = await _receiver.NextAsync();

        using var body = JsonDocument.Parse(webhook.Body);
        var data = body.RootElement.GetProperty("data");
        var read = data.Deserialize<AcquiringOrder>()!;

        Assert.Equal(await _api.Client.GetOrderAsync(order.Uuid), read);
        Assert.Equal(data.GetRawText(), JsonSerializer.Serialize(read, AsTheServerEscapes));
    }

    [Fact]
    public async Task VerificationEvent_PivEventsBody_ReadsAndWritesBackByteForByte()
    {
        var merchant = await _api.Server.CreateMerchantAsync("PIV shop", new { name = "PIV shop", piv_events_url = _receiver.UrlFor("/piv/events") });
        var client = _api.ClientWith(merchant.ApiKey, merchant.ApiSecret);
        var session = await client.CreateSessionAsync(new CreateSessionRequest { CustomerId = "c-1" });
        await _api.Processor.MoveSessionAsync(session.SessionId, "FAILED", "NAME_MISMATCH");
        var webhook = await _receiver.NextAsync();

        var read = JsonSerializer.Deserialize<VerificationEvent>(webhook.Body)!;

        Assert.Contains((await client.ListEventsAsync()).Data, e => e.Id == read.Id && e.ObjectId == session.SessionId);
        Assert.Equal((session.SessionId, "c-1", "FAILED", "NAME_MISMATCH"), (read.SessionId, read.CustomerId, read.SessionStatus, read.StatusReason));
        Assert.Equal(webhook.BodyText, JsonSerializer.Serialize(read, AsTheServerEscapes));
        Assert.Equal((await client.GetSessionAsync(session.SessionId)).StatusReason, read.StatusReason);
    }

    [Fact]
    public async Task CheckoutIpn_ApproveIpnBody_ReadsAndWritesBackByteForByte()
    {
        var checkout = await _api.Client.CreateCheckoutAsync(new CreateCheckoutRequest { OrderRef1 = "ref-1", Amount = 12000, Currency = "EUR", NotifyUrl = _receiver.UrlFor("/ipn"), ReturnUrl = "https://shop.example/thanks" });
        await _api.Processor.ApproveCheckoutAsync(checkout.Uuid);
        var ipn = await _receiver.NextAsync();

        var read = JsonSerializer.Deserialize<CheckoutIpn>(ipn.Body)!;

        Assert.Equal(new CheckoutIpn { OrderRef = checkout.Uuid, OrderRef1 = "ref-1", State = "approved" }, read);
        Assert.Equal(ipn.BodyText, JsonSerializer.Serialize(read, AsTheServerEscapes));
    }

    [Fact]
    public void VerificationSession_WithoutReason_LeavesStatusReasonOut()
    {
        var at = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        var json = JsonSerializer.Serialize(new VerificationSession { SessionId = "s-1", CustomerId = "c-1", SessionStatus = "ACTIVE", CreatedAt = at, ExpiresAt = at.AddHours(1) });

        Assert.Equal(
            """{"sessionId":"s-1","customerId":"c-1","sessionStatus":"ACTIVE","createdAt":"2026-01-01T12:00:00.000000Z","expiresAt":"2026-01-01T13:00:00.000000Z"}""",
            json);
    }
}
