using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using PayState.Client.Webhooks;
using PayState.Server.Delivery;
using PayState.Server.Tests.Support;

namespace PayState.Client.Tests.Webhooks;

// Signs webhooks as PayState does, writes the bodies of each kind, and waits in real time for asynchronous deliveries.
internal static class TestWebhooks
{
    public static Dictionary<string, string> Headers(string secret, string messageId, long sequence, byte[] body, DateTimeOffset now, bool paysafe = false)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var key = StandardWebhookSigner.KeyBytes(secret);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = messageId,
            ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = StandardWebhookSigner.Sign(messageId, timestamp, body, [key]),
            ["PayState-Sequence"] = sequence.ToString(CultureInfo.InvariantCulture),
        };
        if (paysafe) headers["Signature"] = PaysafeSignature.Compute(body, key);
        return headers;
    }

    public static byte[] OrderBody(string uuid, string status) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        success = true,
        data = new AcquiringOrder
        {
            Uuid = uuid,
            TerminalUuid = "term_1",
            Amount = 300,
            Currency = new OrderCurrency { Name = "Tether USD", Symbol = "USDT", Decimals = 6 },
            Wallet = new OrderWallet { WalletAddress = "0x1", WalletQr = "", Network = "ethereum" },
            StatusId = 2,
            Status = status,
            IsTest = false,
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiredAt = DateTimeOffset.UnixEpoch,
        },
    });

    public static byte[] IpnBody(string checkout, string state = IpnStates.Approved) =>
        Encoding.UTF8.GetBytes($$"""{"order_ref":"{{checkout}}","order_ref_1":"a","order_ref_2":"b","state":"{{state}}"}""");

    public static byte[] IdentificationBody(string checkout, string action = CheckoutActions.WaitForConfirmation) =>
        Encoding.UTF8.GetBytes($$"""{"event":"identification_action","action":"{{action}}","order_ref":"{{checkout}}","order_ref_1":"a","order_ref_2":"b"}""");

    // A handler that records every message it is given and answers Processed.
    public static PayStateWebhookHandler Recording(ConcurrentQueue<PayStateWebhook> handled) => (webhook, _) =>
    {
        handled.Enqueue(webhook);
        return Task.FromResult(WebhookResult.Processed);
    };

    public static Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 10) =>
        Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(seconds));

    public static Task WaitUntilAsync(Func<Task<bool>> condition, string what, double seconds = 10) =>
        Eventually.HoldsAsync(condition, what, TimeSpan.FromSeconds(seconds));
}
