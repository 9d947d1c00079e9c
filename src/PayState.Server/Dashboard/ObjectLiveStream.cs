using System.Text;
using PayState.Server.Delivery;
using PayState.Server.Events;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// Server-sent events for an object's page: a message with the new fingerprint whenever the object changes or
/// one of its deliveries gets an attempt, so the page fetches its timeline again without reloading. The session
/// is looked at again at every wake: a stream opened before sign-out (or a rotation) ends there.
public static class ObjectLiveStream
{
    public static async Task Stream(
        string id, HttpContext http, IDashboardStore store, DashboardSessions sessions, ObjectChangeFeed changes, DeliveryAttemptFeed attempts, TimeProvider clock,
        IHostApplicationLifetime lifetime)
    {
        if (await ObjectPages.FindAsync(id, http, store) is null)
        {
            http.Response.StatusCode = 404;
            return;
        }
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        var seen = http.Request.Query["since"].ToString();
        try
        {
            await http.Response.WriteAsync(": live\n\n", stop.Token);
            await http.Response.Body.FlushAsync(stop.Token);
            while (!stop.IsCancellationRequested)
            {
                // Subscribe before reading, so a change committed in between still wakes this loop.
                using var changed = changes.Subscribe(id, heldRequest: false);
                using var attempted = attempts.Subscribe(id);
                if (await store.FindObjectAsync(id, stop.Token) is not { } value) return;
                var now = ObjectTimeline.FingerprintOf(value, await store.ListObjectDeliveriesAsync(id, stop.Token));
                if (now != seen)
                {
                    await http.Response.WriteAsync($"data: {now}\n\n", Encoding.UTF8, stop.Token);
                    await http.Response.Body.FlushAsync(stop.Token);
                    seen = now;
                }
                // A comment now and then keeps proxies from closing an idle stream.
                using (var idle = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
                {
                    await Task.WhenAny(changed.Changed, attempted.Changed, Task.Delay(TimeSpan.FromSeconds(20), clock, idle.Token));
                    await idle.CancelAsync();
                }
                if (await sessions.ReadAsync(http) is null) return;
                if (!changed.Changed.IsCompleted && !attempted.Changed.IsCompleted) await http.Response.WriteAsync(": ping\n\n", stop.Token);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The browser left or the server is stopping: the stream simply ends.
        }
    }
}
