using System.Numerics;
using System.Text;
using System.Text.Json;

namespace PayState.Server.Http;

/// A strict reader of a JSON object request body: every problem is an ApiException naming the field,
/// raised before anything is written. Unknown and duplicate fields are refused, so a typo never passes
/// silently as "field not given".
public sealed class JsonRequest : IDisposable
{
    public const int MaxStringLength = 255;

    private readonly JsonDocument _document;

    private JsonRequest(JsonDocument document) => _document = document;

    public JsonElement Root => _document.RootElement;

    public static JsonRequest Parse(ReadOnlyMemory<byte> body, params string[] allowedFields)
    {
        if (body.IsEmpty) throw new ApiException(400, "invalid_json", "The request body is empty; a JSON object is expected.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw new ApiException(400, "invalid_json", $"The request body is not valid JSON: {e.Message}");
        }
        var request = new JsonRequest(document);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            request.Dispose();
            throw new ApiException(400, "invalid_json", "The request body must be a JSON object.");
        }
        if (JsonText.Check(document.RootElement) is { } notText)
        {
            request.Dispose();
            throw notText;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (!seen.Add(property.Name)) Fail(request, property.Name, "appears more than once.");
            if (Array.IndexOf(allowedFields, property.Name) < 0) Fail(request, property.Name, $"is not a known field; expected {string.Join(", ", allowedFields)}.");
        }
        return request;
    }

    private static void Fail(JsonRequest request, string field, string message)
    {
        request.Dispose();
        throw ApiException.Invalid(field, message);
    }

    public bool Has(string field) => Root.TryGetProperty(field, out _);

    /// The field's value, or null when absent or JSON null.
    public JsonElement? Get(string field) =>
        Root.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public string RequiredString(string field, int maxLength = MaxStringLength) =>
        OptionalString(field, maxLength) ?? throw ApiException.Invalid(field, "is required.");

    public string? OptionalString(string field, int maxLength = MaxStringLength)
    {
        if (Get(field) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.String) throw ApiException.Invalid(field, $"must be a string, not {Describe(value)}.");
        var text = value.GetString()!;
        if (text.Length > maxLength) throw ApiException.Invalid(field, $"is {text.Length} characters long; at most {maxLength} are allowed.");
        return text;
    }

    public bool? OptionalBool(string field)
    {
        if (Get(field) is not { } value) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw ApiException.Invalid(field, $"must be true or false, not {Describe(value)}."),
        };
    }

    public long? OptionalInteger(string field, long min, long max)
    {
        if (Get(field) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var number))
            throw ApiException.Invalid(field, $"must be a whole number, not {Describe(value)}.");
        if (number < min || number > max) throw ApiException.Invalid(field, $"must be between {min} and {max}; got {number}.");
        return number;
    }

    /// A positive whole number of any size, read from its JSON text so nothing is rounded.
    public BigInteger RequiredAmount(string field, int maxDigits = 78)
    {
        if (Get(field) is not { } value) throw ApiException.Invalid(field, "is required.");
        if (value.ValueKind != JsonValueKind.Number) throw ApiException.Invalid(field, $"must be a whole number in the token's smallest units, not {Describe(value)}.");
        var text = value.GetRawText();
        if (text.StartsWith('-')) throw ApiException.Invalid(field, "must not be negative.");
        if (!text.All(char.IsAsciiDigit)) throw ApiException.Invalid(field, $"must be a whole number in the token's smallest units; {text} has a fraction or exponent.");
        if (text.Length > maxDigits) throw ApiException.Invalid(field, $"has more than {maxDigits} digits.");
        var amount = BigInteger.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        if (amount.IsZero) throw ApiException.Invalid(field, "must be greater than zero.");
        return amount;
    }

    /// A JSON object exactly as sent (its text, escapes and all, byte for byte), or null. Parse has checked that its
    /// strings are text, so nothing is lost on the way to a .NET string.
    public string? OptionalRawObject(string field, int maxBytes)
    {
        if (Get(field) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Object) throw ApiException.Invalid(field, $"must be a JSON object, not {Describe(value)}.");
        var raw = value.GetRawText();
        var bytes = Encoding.UTF8.GetByteCount(raw);
        if (bytes > maxBytes) throw ApiException.Invalid(field, $"is {bytes} bytes; at most {maxBytes / 1024} KiB is allowed.");
        return raw;
    }

    /// A JSON object of string values.
    public Dictionary<string, string>? OptionalStringMap(string field, int maxEntries)
    {
        if (Get(field) is not { } value) return null;
        if (value.ValueKind != JsonValueKind.Object) throw ApiException.Invalid(field, $"must be a JSON object of strings, not {Describe(value)}.");
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String) throw ApiException.Invalid($"{field}.{entry.Name}", $"must be a string, not {Describe(entry.Value)}.");
            if (entry.Name.Length > MaxStringLength || entry.Value.GetString()!.Length > MaxStringLength)
                throw ApiException.Invalid($"{field}.{entry.Name}", $"keys and values are at most {MaxStringLength} characters.");
            if (!map.TryAdd(entry.Name, entry.Value.GetString()!)) throw ApiException.Invalid($"{field}.{entry.Name}", "appears more than once.");
        }
        if (map.Count > maxEntries) throw ApiException.Invalid(field, $"has {map.Count} entries; at most {maxEntries} are allowed.");
        return map;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "null",
    };

    public void Dispose() => _document.Dispose();
}
