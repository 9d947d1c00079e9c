using System.Text.Json;

namespace PayState.Client;

/// <summary>A checkout's current action, as the public wait endpoint answered it.</summary>
public sealed record CheckoutWait
{
    /// <summary>The action: one of <see cref="CheckoutActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>The whole answer object: <c>action</c> and exactly that action's fields.</summary>
    public required JsonElement Fields { get; init; }

    /// <summary>The answer's ETag (the checkout's version, quoted); send it back to wait for the next change.</summary>
    public string? ETag { get; init; }
}
