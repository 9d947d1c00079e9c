using PayState.Server.Delivery;
using Microsoft.Extensions.Hosting;
using PayState.Server.Lifecycle;

namespace PayState.Server.Tests.Support;

public static class Settled
{
    /// Waits until the server has done everything the clock's time and the commits so far call for: the timer loop
    /// and the delivery claim loop asleep until a time still ahead, no delivery or outcome on its way between them,
    /// and <paramref name="sending"/> sends under way (those the test holds open). Call it after moving the clock to
    /// check that nothing happened, instead of sleeping; it returns at once when nothing was due.
    public static Task WaitForSettledAsync(this TestServer server, int sending = 0)
    {
        var signals = server.Services.GetRequiredService<WakeSignals>();
        var dispatcher = server.Services.GetServices<IHostedService>().OfType<DeliveryDispatcher>().Single();
        var delivers = server.Services.GetRequiredService<DispatcherHeartbeat>().State != DispatcherState.Disabled;
        return Eventually.HoldsAsync(
            () =>
            {
                // Looked at twice, the loops first: the same wait count both times means neither ran a round between.
                var timers = signals.Timers.Parked(server.Clock);
                var claims = signals.Dispatcher.Parked(server.Clock);
                var (onItsWay, underWay) = dispatcher.InHand();
                var quiet = timers.Asleep && (!delivers || (claims.Asleep && !onItsWay && underWay == sending));
                return quiet && signals.Timers.Parked(server.Clock) == timers && signals.Dispatcher.Parked(server.Clock) == claims;
            },
            $"the timer and delivery loops asleep with {sending} send(s) under way");
    }
}
