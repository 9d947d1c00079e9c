using System.Diagnostics;
using System.Globalization;
using System.Text;
using PayState.Server.Delivery;

namespace PayState.Client.Tests.Webhooks;

// Signs webhooks as PayState does, and waits in real time for asynchronous deliveries.
internal static class TestWebhooks
{
    public static Dictionary<string, string> Headers(string secret, string eventId, int sequence, byte[] body, DateTimeOffset now, bool paysafe = false)
    {
        var timestamp = now.ToUnixTimeSeconds();
        var key = StandardWebhookSigner.KeyBytes(secret);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["webhook-id"] = eventId,
            ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = StandardWebhookSigner.Sign(eventId, timestamp, body, [key]),
            ["PayState-Sequence"] = sequence.ToString(CultureInfo.InvariantCulture),
        };
        if (paysafe) headers["Signature"] = PaysafeSignature.Compute(body, key);
        return headers;
    }

    public static byte[] OrderBody(string uuid, string status) =>
        Encoding.UTF8.GetBytes($$$"""{"success":true,"data":{"uuid":"{{{uuid}}}","status":"{{{status}}}"}}""");

    public static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed.TotalSeconds > seconds) throw new TimeoutException($"Timed out waiting for: {what}");
            await Task.Delay(20);
        }
    }
}
