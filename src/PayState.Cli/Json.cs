using System.Text;
using System.Text.Json;

namespace PayState.Cli;

/// <summary>Small JSON building helpers: request bodies are written, not serialized, so the CLI needs no DTOs of its own.</summary>
internal static class Json
{
    public static string Object(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    public static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null) writer.WriteString(name, value);
    }
}
