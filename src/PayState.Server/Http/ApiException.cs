namespace PayState.Server.Http;

/// An answer that is not a success, with a stable snake_case code and a message naming the problem.
public sealed class ApiException(int statusCode, string code, string message, string? field = null) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public string Code { get; } = code;

    public string? Field { get; } = field;

    public static ApiException Invalid(string field, string message) => new(400, "invalid_request", $"{field}: {message}", field);

    public static ApiException NotFound(string what) => new(404, "not_found", $"{what} was not found.");

    public static ApiException Unauthorized(string code, string message) => new(401, code, message);
}
