using System.Text.Json;

namespace PayState.Client;

/// <summary>A checkout's current action, as the public wait endpoint answered it.</summary>
/// <param name="Action">The action, e.g. <c>show_identification_form</c> or <c>finish</c>.</param>
/// <param name="Fields">The whole answer object: <c>action</c> and exactly that action's fields.</param>
/// <param name="ETag">The answer's ETag (the checkout's version, quoted); send it back to wait for the next change.</param>
public sealed record CheckoutWait(string Action, JsonElement Fields, string? ETag);
