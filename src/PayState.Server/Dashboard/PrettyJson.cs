using System.Text;
using System.Text.Json;

namespace PayState.Server.Dashboard;

/// JSON bodies indented for reading, with very long strings (a QR code PNG) shortened.
public static class PrettyJson
{
    private const int MaxString = 160;

    public static string Format(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                Write(writer, document.RootElement);
            }
            return Encoding.UTF8.GetString(buffer.ToArray());
        }
        catch (JsonException)
        {
            return Encoding.UTF8.GetString(json);
        }
    }

    public static string Format(string json) => Format(Encoding.UTF8.GetBytes(json));

    private static void Write(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Write(writer, property.Value);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValueKind.String when element.GetString() is { Length: > MaxString } text:
                writer.WriteStringValue($"{text[..40]}… ({text.Length} characters)");
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }
}
