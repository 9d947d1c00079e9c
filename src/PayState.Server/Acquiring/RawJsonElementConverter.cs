using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Server.Acquiring;

/// Writes a JsonElement as the text it was parsed from. The default writer escapes it anew (an emoji sent as is
/// comes back as \uD83D\uDE00); the merchant's external_data must come back byte for byte as sent.
internal sealed class RawJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonElement.ParseValue(ref reader);

    // The text is a parsed element's own: valid JSON already.
    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) =>
        writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);
}
