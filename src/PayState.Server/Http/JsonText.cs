using System.Text.Json;

namespace PayState.Server.Http;

/// Every string of a request body, field names included, must be text: valid UTF-8, no lone surrogate (an escaped
/// \ud800 without its pair) and no NUL. JSON lets all three through; .NET reads the first two as an exception or
/// as U+FFFD, and PostgreSQL's text refuses NUL. Checked once, right after parsing, so every endpoint refuses them
/// alike and names the field.
public static class JsonText
{
    private const string NotText = "is not valid text (invalid UTF-8, or a lone surrogate such as \\ud800).";
    private const string HasNul = "contains NUL (\\u0000), which is not allowed.";

    /// The refusal for the first string that is not text, or null when there is none.
    public static ApiException? Check(JsonElement element, string? path = null)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (Problem(property) is { } problem) return Refusal(path, $"has a field name that {problem}");
                    if (Check(property.Value, path is null ? property.Name : $"{path}.{property.Name}") is { } inner) return inner;
                }
                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Check(item, $"{path}[{index++}]") is { } inner) return inner;
                }
                return null;
            case JsonValueKind.String:
                return Problem(element) is { } valueProblem ? Refusal(path, valueProblem) : null;
            default:
                return null;
        }
    }

    private static string? Problem(JsonProperty property)
    {
        try
        {
            return property.Name.Contains('\0', StringComparison.Ordinal) ? HasNul : null;
        }
        catch (InvalidOperationException)
        {
            return NotText;
        }
    }

    private static string? Problem(JsonElement value)
    {
        try
        {
            return value.GetString()!.Contains('\0', StringComparison.Ordinal) ? HasNul : null;
        }
        catch (InvalidOperationException)
        {
            return NotText;
        }
    }

    private static ApiException Refusal(string? path, string problem) =>
        path is null ? new ApiException(400, "invalid_request", $"The body {problem}") : ApiException.Invalid(path, problem);
}
