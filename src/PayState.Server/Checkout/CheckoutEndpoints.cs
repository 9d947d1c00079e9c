using PayState.Server.Accounts;
using PayState.Server.Events;
using PayState.Server.Http;
using PayState.Server.Lifecycle;
using PayState.Server.Shared;
using PayState.Server.Storage;

namespace PayState.Server.Checkout;

/// Seed 000's checkout: the merchant creates it, the shopper's browser waits on it (long-poll), and the
/// processor moves it.
public static class CheckoutEndpoints
{
    public const int MaxWaitSeconds = 60;

    public static IEndpointRouteBuilder MapCheckouts(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/checkouts").WithTags("Checkouts").AddEndpointFilter<MerchantAuthFilter>()
            .MapPost("", CreateCheckout).Describe("CreateCheckout", "Create a checkout", 201, 400, 401, 409);
        // The shopper's browser has no API key: the unguessable uuid is the credential.
        app.MapGet("/api/v1/checkout/{uuid}/wait", Wait).WithTags("Checkouts").RequireCors(CheckoutWaitCors.Policy)
            .Describe("WaitCheckout", "Shopper's browser: the current action, held open (long-poll) until it changes or the timeout", 200, 400, 404);

        var processor = app.MapGroup("/processor/v1/checkout").WithTags("Processor")
            .AddEndpointFilter(new BearerTokenFilter(t => t.ProcessorToken, "processor"));
        processor.MapPost("/{uuid}/action", SetAction).Describe("SetCheckoutAction", "Processor: set the checkout's next action", 200, 400, 401, 404, 409);
        processor.MapPost("/{uuid}/approve", (string uuid, HttpContext http, LifecycleEngine engine) => Confirm(uuid, CheckoutKind.Approved, http, engine))
            .Describe("ApproveCheckout", "Processor: payment done; sends the IPN and finishes on its answer", 200, 401, 404, 409);
        processor.MapPost("/{uuid}/hold", (string uuid, HttpContext http, LifecycleEngine engine) => Confirm(uuid, CheckoutKind.OnHold, http, engine))
            .Describe("HoldCheckout", "Processor: payment on hold; sends the IPN and finishes on its answer", 200, 401, 404, 409);
        return app;
    }

    public static Task<RawJsonResult> CreateCheckout(HttpContext http, IStore store, LifecycleEngine engine) =>
        ObjectCreation.CreateAsync(http, CheckoutKind.KindName, store, engine);

    /// The current action. With ?timeout=N the request is held until the action changes (from the version in
    /// If-None-Match, or the one current on arrival) or N seconds pass, then answers the action as it is.
    /// Holding costs a subscription and a timer, no thread; a client going away or the server stopping
    /// releases it at once.
    public static async Task<RawJsonResult> Wait(
        string uuid, HttpContext http, ObjectReads reads, ObjectChangeFeed feed, TimeProvider clock, IHostApplicationLifetime lifetime)
    {
        var timeout = ActionRequest.ReadTimeout(http.Request.QueryString) ?? 0;
        var deadline = clock.GetUtcNow().AddSeconds(timeout);
        var subscription = timeout > 0 ? feed.Subscribe(uuid) : null;
        try
        {
            PayObject? checkout = await FindAsync(uuid, reads, reads.Ticket());
            var seen = ActionRequest.ReadIfNoneMatch(http.Request) ?? checkout.Version;
            if (subscription is not null && checkout.Version == seen)
            {
                // Held waits are many and long: keep only the version while waiting, not the whole row.
                checkout = null;
                using var hold = new HeldRequest(deadline, clock, http.RequestAborted, lifetime.ApplicationStopping);
                // A wake can be spurious (another process's reconnect wakes everyone): look again and keep waiting.
                // At the deadline or shutdown the read after the loop answers: no re-subscription, no second read.
                while (!hold.Released.IsCancellationRequested)
                {
                    await subscription.Changed.WaitAsync(hold.Released).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    http.RequestAborted.ThrowIfCancellationRequested();
                    if (hold.Released.IsCancellationRequested) break;
                    subscription.Dispose();
                    subscription = feed.Subscribe(uuid);
                    var current = await FindAsync(uuid, reads, reads.Ticket());
                    if (current.Version != seen) return Answer(current, clock);
                }
                checkout = await FindAsync(uuid, reads, reads.Ticket());
            }
            return Answer(checkout, clock);
        }
        finally
        {
            subscription?.Dispose();
        }
    }

    public static async Task<RawJsonResult> SetAction(string uuid, HttpContext http, LifecycleEngine engine)
    {
        var body = await RequestBody.ReadAsync(http);
        var (action, fields) = ActionRequest.Parse(body);
        var result = await engine.ChangeAsync(
            CheckoutKind.KindName, uuid, new SetActionMove(action, fields), MoveKey.For(http, body), http.RequestAborted);
        return Answer(uuid, result, engine);
    }

    private static async Task<RawJsonResult> Confirm(string uuid, string state, HttpContext http, LifecycleEngine engine)
    {
        var body = await RequestBody.ReadAsync(http);
        var result = await engine.ChangeAsync(
            CheckoutKind.KindName, uuid, new ConfirmMove(state), MoveKey.For(http, body), http.RequestAborted);
        return Answer(uuid, result, engine);
    }

    private static RawJsonResult Answer(PayObject checkout, TimeProvider clock) =>
        new(200, CheckoutJson.Wait(CheckoutJson.ReadData(checkout.Data), clock.GetUtcNow()), CheckoutJson.Fingerprint(checkout));

    private static RawJsonResult Answer(string uuid, ChangeResult result, LifecycleEngine engine)
    {
        var checkout = result.Changed($"Checkout {uuid}");
        return new RawJsonResult(200, CheckoutJson.Wait(CheckoutJson.ReadData(checkout.Data), engine.Now), CheckoutJson.Fingerprint(checkout));
    }

    private static async Task<PayObject> FindAsync(string uuid, ObjectReads reads, long ticket)
    {
        var checkout = await reads.FindAsync(uuid, ticket);
        return checkout is { Kind: CheckoutKind.KindName } ? checkout : throw ApiException.NotFound($"Checkout {uuid}");
    }
}
