using System.Globalization;
using System.Text.Json;

namespace PayState.Cli;

/// <summary><c>paystate deliveries get</c>'s table: the delivery, then one row per attempt.</summary>
internal static class DeliveryDetail
{
    private const int AnswerShown = 60;

    public static string Table(JsonElement delivery)
    {
        var fields = Output.Fields(
            ("id", Output.Text(delivery, "id")),
            ("status", Output.Text(delivery, "status")),
            ("purpose", Output.Text(delivery, "purpose")),
            ("url", Output.Text(delivery, "url")),
            ("object", $"{Output.Text(delivery, "object_kind")} {Output.Text(delivery, "object_id")} (sequence {Output.Text(delivery, "sequence")})"),
            ("event_id", Output.Text(delivery, "event_id")),
            ("attempts", Output.Text(delivery, "attempts")),
            ("next_attempt_at", Output.Text(delivery, "next_attempt_at")),
            ("created_at", Output.Text(delivery, "created_at")));
        if (!delivery.TryGetProperty("attempt_log", out var log) || log.ValueKind != JsonValueKind.Array || log.GetArrayLength() == 0)
            return fields + Environment.NewLine + "No attempt yet." + Environment.NewLine;
        var rows = log.EnumerateArray().Select(a => (IReadOnlyList<string>)
        [
            Output.Text(a, "attempted_at"),
            $"{Output.Text(a, "duration_ms")} ms",
            Output.Text(a, "status_code") is var code and not "-" ? code : Output.Text(a, "error"),
            Shortened(Output.Text(a, "response_body")),
        ]).ToList();
        return fields + Environment.NewLine + Output.Columns(["attempted_at", "duration", "answer", "first bytes of the answer"], rows);
    }

    /// On one line and at most AnswerShown characters: the attempt log keeps 1 KiB, --json shows it whole.
    private static string Shortened(string text)
    {
        var line = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        if (line.Length == 0) return "-";
        return line.Length <= AnswerShown ? line : string.Create(CultureInfo.InvariantCulture, $"{line[..AnswerShown]}… ({text.Length} characters)");
    }
}
