using PayState.Server.Http;

namespace PayState.Server.Accounts;

/// Guards the admin and processor APIs with their bearer token, compared in constant time.
public sealed class BearerTokenFilter(Func<ServiceTokens, string> token, string audience) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = token(http.RequestServices.GetRequiredService<ServiceTokens>());
        var header = http.Request.Headers.Authorization.ToString();
        // The scheme name is case-insensitive (RFC 9110); the token is not.
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            throw ApiException.Unauthorized("missing_credentials", $"The {audience} API needs 'Authorization: Bearer <{audience} token>'.");
        if (expected.Length == 0 || !Credentials.FixedTimeEquals(expected, header["Bearer ".Length..].Trim()))
            throw ApiException.Unauthorized("invalid_token", $"The {audience} token is not valid.");
        return next(context);
    }
}
