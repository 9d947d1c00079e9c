using System.Text;
using System.Text.Json;

namespace PayState.Cli;

/// <summary>--json prints the server's answer untouched (for scripts); otherwise a readable table.</summary>
internal static class Output
{
    /// Writes the raw body with --json, else parses it and lets table render it.
    public static async Task WriteAsync(TextWriter writer, CliSettings settings, string body, Func<JsonElement, string> table)
    {
        if (settings.Json)
        {
            await writer.WriteLineAsync(body).ConfigureAwait(false);
            return;
        }
        using var document = JsonDocument.Parse(body);
        await writer.WriteAsync(table(document.RootElement)).ConfigureAwait(false);
    }

    /// A two-column "field  value" table of one object.
    public static string Fields(params (string Name, string Value)[] rows)
    {
        var width = rows.Length == 0 ? 0 : rows.Max(r => r.Name.Length);
        var builder = new StringBuilder();
        foreach (var (name, value) in rows) builder.Append(name.PadRight(width)).Append("  ").AppendLine(value);
        return builder.ToString();
    }

    /// A table with a header row; columns padded to their widest cell.
    public static string Columns(IReadOnlyList<string> headers, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        var builder = new StringBuilder();
        Line(builder, headers, widths);
        foreach (var row in rows) Line(builder, row, widths);
        return builder.ToString();
    }

    /// The value at a path of property names, as text: strings as they are, null or missing as "-", anything else as JSON.
    public static string Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return "-";
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? "-",
            JsonValueKind.Null or JsonValueKind.Undefined => "-",
            _ => element.GetRawText(),
        };
    }

    /// The "data" of the acquiring envelope, or the element itself.
    public static JsonElement Data(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty("data", out var data) ? data : element;

    /// Every field of an object as rows (for answers whose fields vary, like a checkout's action).
    public static (string Name, string Value)[] AllFields(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object ? element.EnumerateObject().Select(p => (p.Name, Text(element, p.Name))).ToArray() : [];

    private static void Line(StringBuilder builder, IReadOnlyList<string> cells, int[] widths)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            if (i > 0) builder.Append("  ");
            builder.Append(i == cells.Count - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }
        builder.AppendLine();
    }
}
