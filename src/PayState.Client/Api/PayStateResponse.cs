namespace PayState.Client;

/// <summary>A raw answer: its status and the server's JSON text exactly as sent.</summary>
public sealed record PayStateResponse
{
    /// <summary>The HTTP status code.</summary>
    public required int StatusCode { get; init; }

    /// <summary>The response body as text, unchanged (empty when the answer had none).</summary>
    public required string Body { get; init; }

    /// <summary>The <c>ETag</c> header with its quotes (e.g. <c>"3"</c>), or null when there was none.</summary>
    public string? ETag { get; init; }
}
