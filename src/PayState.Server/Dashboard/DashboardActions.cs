using System.Globalization;
using PayState.Server.Delivery;
using PayState.Server.Lifecycle;
using PayState.Server.Storage;

namespace PayState.Server.Dashboard;

/// The buttons that change something. Each comes back to its page with what happened (Post/Redirect/Get);
/// the antiforgery token was checked by DashboardAuthFilter before any of them runs.
public static class DashboardActions
{
    /// Resend one delivery now: the deliveries API's retry, for the viewer's object.
    public static async Task<IResult> Resend(string id, string deliveryId, HttpContext http, IDashboardStore store, LifecycleEngine engine, DeliveryAttemptFeed attempts)
    {
        if (await ObjectPages.FindAsync(id, http, store) is null) return ObjectPages.NotFound(id);
        var delivery = await store.FindDeliveryAsync(deliveryId, http.RequestAborted);
        if (delivery is null || delivery.ObjectId != id) return DashboardHtml.Status(404, $"Delivery {deliveryId} was not found.");
        var requeued = await store.WriteAsync(tx => tx.RequeueDelivery(deliveryId, delivery.MerchantId, engine.Now), http.RequestAborted);
        if (!requeued) return DashboardHtml.Back($"/objects/{id}", DashboardMessage.InFlight);
        engine.Committed(deliveries: true, timers: false);
        attempts.Publish(id);
        return DashboardHtml.Back($"/objects/{id}", DashboardMessage.Resent);
    }

    /// Resend every dead delivery to a host that died since a time (an endpoint that was down and is back).
    public static async Task<IResult> ResendDead(HttpContext http, IDashboardStore store, LifecycleEngine engine)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var host = form["host"].ToString();
        if (!DateTime.TryParse(form["since"].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
            return DashboardHtml.Back("/deliveries", DashboardMessage.SinceMissing);
        var merchant = http.Viewer().MerchantId;
        var count = await store.WriteAsync(tx => tx.RequeueDeadDeliveries(host, new DateTimeOffset(since, TimeSpan.Zero), merchant, engine.Now), http.RequestAborted);
        if (count > 0) engine.Committed(deliveries: true, timers: false);
        return DashboardHtml.Back("/deliveries", DashboardMessage.DeadResent, count);
    }

    /// Sandbox only: move the object as the processor API would.
    public static async Task<IResult> Move(string id, HttpContext http, IStore store, LifecycleEngine engine)
    {
        if (await ObjectPages.FindAsync(id, http, store) is not { } value) return ObjectPages.NotFound(id);
        var move = (await http.Request.ReadFormAsync(http.RequestAborted))["move"].ToString();
        // A named move is made only while the kind offers it (one of the page's buttons), even if the form was posted by hand.
        var result = await engine.ChangeAsync(value.Kind, id, new NamedMove(move), null, http.RequestAborted);
        return DashboardHtml.Back($"/objects/{id}", result.Status is ChangeStatus.Changed or ChangeStatus.AlreadyDone ? DashboardMessage.Moved : DashboardMessage.MoveRefused);
    }
}
