namespace PayState.Server.Http;

/// Writes JSON bytes exactly as given: a webhook body and the status answer it mirrors must be byte-for-byte equal.
public sealed class RawJsonResult(int statusCode, ReadOnlyMemory<byte> body, string? etag = null) : IResult
{
    public int StatusCode => statusCode;

    public ReadOnlyMemory<byte> Body => body;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json";
        response.ContentLength = body.Length;
        if (etag is not null) response.Headers.ETag = etag;
        return response.Body.WriteAsync(body, httpContext.RequestAborted).AsTask();
    }
}
