namespace PayState.Client;

/// <summary>A PayState server refused a request: the HTTP status and the error code and message it answered.</summary>
public sealed class PayStateException : Exception
{
    /// <summary>Creates the exception for one refused request.</summary>
    /// <param name="statusCode">The HTTP status code of the answer.</param>
    /// <param name="code">The error code, e.g. <c>invalid_request</c> or <c>not_found</c>.</param>
    /// <param name="message">The server's message (the acquiring envelope's <c>message</c>, or problem+json's <c>detail</c>).</param>
    public PayStateException(int statusCode, string code, string message)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
    }

    /// <summary>The HTTP status code of the answer (4xx or 5xx).</summary>
    public int StatusCode { get; }

    /// <summary>The server's error code, e.g. <c>invalid_signature</c>, <c>not_found</c>, <c>invalid_transition</c>.</summary>
    public string Code { get; }
}
