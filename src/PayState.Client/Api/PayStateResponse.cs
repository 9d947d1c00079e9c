namespace PayState.Client;

/// <summary>A raw answer: its status and the server's JSON text exactly as sent.</summary>
/// <param name="StatusCode">The HTTP status code.</param>
/// <param name="Body">The response body as text, unchanged (empty when the answer had none).</param>
/// <param name="ETag">The <c>ETag</c> header with its quotes (e.g. <c>"3"</c>), or null when there was none.</param>
public sealed record PayStateResponse(int StatusCode, string Body, string? ETag);
