using System.Diagnostics.Metrics;

namespace PayState.Server.Tests.Support;

/// Tells when an HTTP client in this process has had an answer's headers from the given port: .NET's client records
/// http.client.request.duration once the headers are read, before any of the body. For a test that must know a send
/// got past the headers (a stalled body), which no server loop marks.
public sealed class ResponseHeadersListener : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly TaskCompletionSource _seen = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResponseHeadersListener(int port)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument is { Meter.Name: "System.Net.Http", Name: "http.client.request.duration" }) listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var (toPort, answered) = (false, false);
            foreach (var tag in tags)
            {
                toPort |= tag is { Key: "server.port", Value: int p } && p == port;
                answered |= tag.Key == "http.response.status_code";
            }
            if (toPort && answered) _seen.TrySetResult();
        });
        _listener.Start();
    }

    /// Completes at the first answer's headers.
    public Task Seen => _seen.Task;

    public void Dispose() => _listener.Dispose();
}
