using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PayState.Client;

/// <summary>
/// PayState's timestamps: UTC with exactly six fractional digits and a <c>Z</c>, e.g. <c>2026-01-01T12:00:00.000000Z</c>.
/// Written in that one form (the server's answers and webhooks are compared byte for byte); read as any ISO 8601 time.
/// </summary>
public sealed class WireTimeJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <summary>The write format.</summary>
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<char> text = stackalloc char[Format.Length];
        // The format has no culture-dependent parts; 27 characters always fit.
        value.UtcDateTime.TryFormat(text, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(text[..written]);
    }
}
