using System.Net.Http.Headers;
using System.Text.Json;

namespace PayState.Client;

/// <summary>
/// The processor API (bearer token), for tools that drive objects through their lifecycle: a chain watcher,
/// a risk engine, a bank. A non-2xx answer throws <see cref="PayStateException"/>.
/// </summary>
/// <param name="http">The HTTP client; its <see cref="HttpClient.BaseAddress"/> must be the server's root.</param>
/// <param name="processorToken">The server's processor token.</param>
public sealed class PayStateProcessorClient(HttpClient http, string processorToken)
{
    /// <summary>Moves an acquiring order (<c>Pending</c>, <c>Paid</c>, <c>Failed</c>).</summary>
    /// <param name="uuid">The order's uuid.</param>
    /// <param name="status">The new status name.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer: the order envelope.</returns>
    /// <exception cref="PayStateException">E.g. 409 <c>invalid_transition</c>.</exception>
    public Task<PayStateResponse> MoveOrderAsync(string uuid, string status, CancellationToken cancellationToken = default) =>
        PostAsync($"/processor/v1/acquiring/order/{PayStateHttp.Segment(uuid)}/status", Json(w => w.WriteString("status", status)), cancellationToken);

    /// <summary>Sets a checkout's action with its fields.</summary>
    /// <param name="uuid">The checkout's uuid.</param>
    /// <param name="actionJson">The body as given, e.g. <c>{"action":"show_error"}</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer: the new wait answer.</returns>
    /// <exception cref="PayStateException">E.g. 400 <c>invalid_request</c> or 409 <c>invalid_transition</c>.</exception>
    public Task<PayStateResponse> SetCheckoutActionAsync(string uuid, string actionJson, CancellationToken cancellationToken = default) =>
        PostAsync($"/processor/v1/checkout/{PayStateHttp.Segment(uuid)}/action", actionJson, cancellationToken);

    /// <summary>Approves a checkout: it shows <c>wait_for_confirmation</c> and the IPN goes to the merchant.</summary>
    /// <param name="uuid">The checkout's uuid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer.</returns>
    /// <exception cref="PayStateException">E.g. 409 when it already waits for an IPN.</exception>
    public Task<PayStateResponse> ApproveCheckoutAsync(string uuid, CancellationToken cancellationToken = default) =>
        PostAsync($"/processor/v1/checkout/{PayStateHttp.Segment(uuid)}/approve", null, cancellationToken);

    /// <summary>Puts a checkout on hold: it shows <c>wait_for_on_hold</c> and the IPN goes to the merchant.</summary>
    /// <param name="uuid">The checkout's uuid.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer.</returns>
    /// <exception cref="PayStateException">E.g. 409 when it already waits for an IPN.</exception>
    public Task<PayStateResponse> HoldCheckoutAsync(string uuid, CancellationToken cancellationToken = default) =>
        PostAsync($"/processor/v1/checkout/{PayStateHttp.Segment(uuid)}/hold", null, cancellationToken);

    /// <summary>Moves a verification session.</summary>
    /// <param name="sessionId">The session's id.</param>
    /// <param name="status">The new status, e.g. <c>ONGOING_VERIFICATION</c> or <c>FAILED</c>.</param>
    /// <param name="reason">The <c>statusReason</c>: required with <c>FAILED</c>, refused with any other status.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The raw answer: the session.</returns>
    /// <exception cref="PayStateException">E.g. 400 <c>invalid_request</c> or 409 <c>invalid_transition</c>.</exception>
    public Task<PayStateResponse> MoveSessionAsync(string sessionId, string status, string? reason = null, CancellationToken cancellationToken = default) =>
        PostAsync($"/processor/v1/piv/sessions/{PayStateHttp.Segment(sessionId)}/status", Json(w =>
        {
            w.WriteString("sessionStatus", status);
            if (reason is not null) w.WriteString("statusReason", reason);
        }), cancellationToken);

    private async Task<PayStateResponse> PostAsync(string path, string? body, CancellationToken cancellationToken)
    {
        using var request = PayStateHttp.Request(HttpMethod.Post, PayStateHttp.Resolve(http, path), PayStateHttp.Bytes(body), null);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", processorToken);
        return await PayStateHttp.SendAsync(http, request, cancellationToken).ConfigureAwait(false);
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
