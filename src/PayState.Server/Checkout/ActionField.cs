using System.Text.Json;
using PayState.Server.Http;

namespace PayState.Server.Checkout;

public enum FieldType
{
    String,
    Url,
    PositiveInteger,
    IntegerOrNull,
    Array,
}

/// One additional field of an action, as the processor must send it and the wait answer shows it.
/// Default is the compact JSON written when the processor leaves an optional field out (null: omitted).
public sealed record ActionField(
    string Name, FieldType Type, bool Required, string? Default = null, IReadOnlyList<string>? Allowed = null, long Max = long.MaxValue)
{
    public const int MaxUrlLength = 2048;

    /// Checks the processor's value and returns it as compact JSON.
    public string Read(JsonElement value)
    {
        switch (Type)
        {
            case FieldType.String when value.ValueKind == JsonValueKind.String:
                var text = value.GetString()!;
                if (text.Length > JsonRequest.MaxStringLength) throw ApiException.Invalid(Name, $"is over {JsonRequest.MaxStringLength} characters.");
                if (Allowed is not null && !Allowed.Contains(text)) throw ApiException.Invalid(Name, $"must be one of {string.Join(", ", Allowed)}; got '{text}'.");
                return Compact(value);
            case FieldType.Url when value.ValueKind == JsonValueKind.String:
                var url = value.GetString()!;
                if (url.Length > MaxUrlLength) throw ApiException.Invalid(Name, $"is over {MaxUrlLength} characters.");
                if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                    throw ApiException.Invalid(Name, "must be an absolute http or https URL.");
                return Compact(value);
            case FieldType.PositiveInteger when value.ValueKind == JsonValueKind.Number:
                if (!value.TryGetInt64(out var n) || n < 1 || n > Max)
                    throw ApiException.Invalid(Name, Max == long.MaxValue ? "must be a whole number greater than zero." : $"must be a whole number from 1 to {Max}.");
                return Compact(value);
            case FieldType.IntegerOrNull when value.ValueKind == JsonValueKind.Null:
                return "null";
            case FieldType.IntegerOrNull when value.ValueKind == JsonValueKind.Number:
                if (!value.TryGetInt32(out var index) || index < 0) throw ApiException.Invalid(Name, "must be a whole number from 0, or null.");
                return Compact(value);
            case FieldType.Array when value.ValueKind == JsonValueKind.Array:
                return Compact(value);
            default:
                throw ApiException.Invalid(Name, $"must be {Describe()}, not {value.ValueKind.ToString().ToLowerInvariant()}.");
        }
    }

    private string Describe() => Type switch
    {
        FieldType.String when Allowed is not null => $"one of {string.Join(", ", Allowed)}",
        FieldType.String => "a string",
        FieldType.Url => "a URL string",
        FieldType.PositiveInteger => "a whole number",
        FieldType.IntegerOrNull => "a whole number or null",
        _ => "an array",
    };

    private static string Compact(JsonElement value) => System.Text.Encoding.UTF8.GetString(JsonBytes.Write(value.WriteTo));
}
