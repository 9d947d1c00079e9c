using System.Text;
using System.Text.Json;

namespace PayState.Cli;

/// <summary>
/// A webhook body shortened for reading on one line: the fields that say which object it is about and where it stands
/// (an order's 1.9 KB body with its base64 QR code is <c>uuid=… status=Paid</c>); <c>--json</c> prints the body whole.
/// </summary>
internal static class WebhookPreview
{
    private const int MaxRaw = 160;

    // The identifying and state fields of every webhook PayState sends, in the order they are shown.
    private static readonly string[] Shown =
        ["event", "uuid", "order_ref", "sessionId", "status", "state", "action", "sessionStatus", "statusReason"];

    public static string Of(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var data = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : root;
            var fields = Shown.Select(name => Field(data, name) ?? Field(root, name)).OfType<string>().ToList();
            if (fields.Count > 0) return $"{string.Join(' ', fields)}  ({body.Length} bytes)";
        }
        catch (JsonException)
        {
            // Not JSON: shown as text.
        }
        var text = Encoding.UTF8.GetString(body).ReplaceLineEndings(" ");
        return text.Length <= MaxRaw ? text : $"{text[..MaxRaw]}… ({body.Length} bytes)";
    }

    private static string? Field(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number
            ? $"{name}={(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())}"
            : null;
}
