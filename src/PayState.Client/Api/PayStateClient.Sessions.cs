using System.Text.Json;

namespace PayState.Client;

public sealed partial class PayStateClient
{
    /// <summary>Creates a payment instrument verification session.</summary>
    /// <param name="request">The customer and optional lifetime.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The new session, <c>ACTIVE</c>.</returns>
    /// <exception cref="PayStateException">The server refused the session.</exception>
    public Task<VerificationSession> CreateSessionAsync(CreateSessionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = JsonSerializer.Serialize(request, PayStateJsonContext.Default.CreateSessionRequest);
        return SendJsonAsync(HttpMethod.Post, "/api/v1/piv/sessions", body, PayStateJsonContext.Default.VerificationSession, cancellationToken);
    }

    /// <summary>Reads a verification session of this merchant.</summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The session as it is now.</returns>
    /// <exception cref="PayStateException">404 <c>not_found</c> for an unknown session.</exception>
    public Task<VerificationSession> GetSessionAsync(string sessionId, CancellationToken cancellationToken = default) =>
        SendJsonAsync(HttpMethod.Get, $"/api/v1/piv/sessions/{PayStateHttp.Segment(sessionId)}", null,
            PayStateJsonContext.Default.VerificationSession, cancellationToken);
}
