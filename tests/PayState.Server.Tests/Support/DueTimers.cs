using PayState.Server.Storage;

namespace PayState.Server.Tests.Support;

public static class DueTimers
{
    /// Waits until the timer scheduler has fired every durable timer due on the server's clock: a timer is deleted
    /// in the transaction of the change it makes, so none left at or before now means each one's change committed.
    /// Call it after moving the clock, instead of sleeping; it returns at once when nothing was due.
    public static Task WaitForDueTimersFiredAsync(this TestServer server)
    {
        var store = server.Services.GetRequiredService<IStore>();
        return Eventually.HoldsAsync(
            async () => await store.NextTimerDueAsync(CancellationToken.None) is not { } next || next > server.Clock.GetUtcNow(),
            "every timer due on the clock fired");
    }
}
